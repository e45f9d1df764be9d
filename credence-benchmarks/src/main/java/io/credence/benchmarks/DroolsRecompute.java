package io.credence.benchmarks;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.utils.KieHelper;

/**
 * The Drools baseline for recompute: the plain rulebook of {@code bench/run} as DRL (one rule per
 * event type inserting a contribution while the event counts at T, one rule for the list, one
 * accumulating each subject's score), run by Drools 10 over the same events. Facts are loaded once;
 * each run is a fresh session: insert every event and subject, fire all rules. Runs warm up,
 * uncounted, until ten seconds have gone into them (at least one run).
 *
 * <p>Usage: {@code DroolsRecompute EVENTS.jsonl RULES.drl T RUNS OUT.csv}; writes
 * {@code subject,score,listed} to OUT.csv and prints the median seconds of the counted runs.
 */
public final class DroolsRecompute {
    private DroolsRecompute() {}

    /** One event, as the rules see it. */
    public static final class Ev {
        private final String subject;
        private final String type;
        private final long at;
        private final String kase;

        Ev(String subject, String type, long at, String kase) {
            this.subject = subject;
            this.type = type;
            this.at = at;
            this.kase = kase;
        }

        public String getSubject() {
            return subject;
        }

        public String getType() {
            return type;
        }

        public long getAt() {
            return at;
        }

        public String getKase() {
            return kase;
        }

        /** The instant (epoch milliseconds) {@code years} calendar years after the event. */
        public long expiresAfter(int years) {
            return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).plusYears(years).toInstant().toEpochMilli();
        }
    }

    /** What one event contributes at T. */
    public record Contribution(String subject, long points) {
        public String getSubject() {
            return subject;
        }

        public long getPoints() {
            return points;
        }
    }

    /** A subject on the list at T. */
    public record Listed(String subject) {
        public String getSubject() {
            return subject;
        }
    }

    /** A subject, and the score the rules give it. */
    public static final class Subject {
        private final String id;
        private long score;

        Subject(String id) {
            this.id = id;
        }

        public String getId() {
            return id;
        }

        public long getScore() {
            return score;
        }

        public void setScore(long score) {
            this.score = score;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Ev> events = read(Path.of(args[0]));
        String drl = Files.readString(Path.of(args[1]));
        long t = Instant.parse(args[2]).toEpochMilli();
        int runs = Integer.parseInt(args[3]);
        KieBase base = new KieHelper().addContent(drl, ResourceType.DRL).build();
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.getSubject()));
        double[] seconds = new double[runs];
        Map<String, Subject> subjects = null;
        Set<String> listed = null;
        long warmed = 0;
        for (int r = 0; r <= runs; r++) {
            subjects = new LinkedHashMap<>();
            for (String id : ids) {
                subjects.put(id, new Subject(id));
            }
            KieSession session = base.newKieSession();
            session.setGlobal("T", t);
            long start = System.nanoTime();
            for (Ev e : events) {
                session.insert(e);
            }
            for (Subject s : subjects.values()) {
                session.insert(s);
            }
            session.fireAllRules();
            long took = System.nanoTime() - start;
            listed = new HashSet<>();
            for (Object o : session.getObjects(o -> o instanceof Listed)) {
                listed.add(((Listed) o).subject());
            }
            session.dispose();
            if (r == 0 && (warmed += took) < CredenceRecompute.WARM_UP_NANOS) {
                r--; // still warming up, as Credence's evaluator does
            } else if (r > 0) {
                seconds[r - 1] = took / 1e9;
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])))) {
            for (Subject s : subjects.values()) {
                out.println(s.getId() + "," + s.getScore() + "," + (listed.contains(s.getId()) ? "t" : "f"));
            }
        }
        Arrays.sort(seconds);
        System.out.println(seconds[runs / 2]);
    }

    private static List<Ev> read(Path input) throws Exception {
        List<Ev> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    EventLine e = EventLine.parse(line);
                    events.add(new Ev(e.subject(), e.type(), Instant.parse(e.at()).toEpochMilli(), e.kase()));
                }
            }
        }
        return events;
    }
}
