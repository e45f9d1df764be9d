package io.credence.benchmarks;

import io.credence.codec.Json;
import io.credence.codec.RulebookCodec;
import io.credence.event.Event;
import io.credence.event.EventParser;
import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Credence's recompute as warm work, measured the way the baselines are: PostgreSQL answers one query
 * from tables already loaded and cached, Drools inserts facts already read and fires. Here the events
 * are read once into memory, as plain {@link Event}s grouped by subject in file order; each run then
 * builds every subject's history from them (sorting and preparing it: points, expiries, windows) and
 * evaluates the standing at T, subjects split evenly over one thread per core (PostgreSQL runs its
 * query with parallel workers on the same cores). Nothing computed in one run is reused by the next.
 * Runs warm up, uncounted, until ten seconds have gone into them (at least one run). Then at least
 * RUNS runs are counted, and more until five seconds have gone into them: at 100,000 subjects a run
 * takes about 0.15 s, and the median of three such short runs moved by a fifth between invocations.
 *
 * <p>Usage: {@code CredenceRecompute EVENTS.jsonl RULEBOOK.yaml T RUNS OUT.csv}; writes
 * {@code subject,score,listed} to OUT.csv (listed: on any list) and prints the median seconds of the
 * counted runs.
 */
public final class CredenceRecompute {
    /** Runs are repeated uncounted until this much time has gone into them: the JIT settles. */
    static final long WARM_UP_NANOS = 10_000_000_000L;
    /** Counted runs go on, past RUNS, until this much time has gone into them. */
    static final long COUNTED_NANOS = 5_000_000_000L;

    private CredenceRecompute() {}

    public static void main(String[] args) throws Exception {
        Rulebook rulebook = RulebookCodec.compile(Files.readString(Path.of(args[1])), null).orThrow();
        Instant t = Instant.parse(args[2]);
        int runs = Integer.parseInt(args[3]);
        Map<String, List<Event>> bySubject = read(Path.of(args[0]));
        String[] subjects = bySubject.keySet().toArray(String[]::new);
        List<List<Event>> facts = new ArrayList<>(subjects.length);
        for (String subject : subjects) {
            facts.add(bySubject.get(subject));
        }
        long[] scores = new long[subjects.length];
        boolean[] listed = new boolean[subjects.length];
        List<Double> seconds = new ArrayList<>();
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        long warmed = 0;
        long counted = 0;
        for (int r = 0; r <= runs || counted < COUNTED_NANOS; r++) {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            for (int part = 0; part < threads; part++) {
                int from = (int) ((long) subjects.length * part / threads);
                int to = (int) ((long) subjects.length * (part + 1) / threads);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        Standing s = StandingEvaluator.standing(rulebook, SubjectHistory.of(subjects[i], facts.get(i)),
                                t);
                        scores[i] = s.score();
                        listed[i] = !s.lists().isEmpty();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> part : parts) {
                part.get();
            }
            long took = System.nanoTime() - start;
            if (r == 0 && (warmed += took) < WARM_UP_NANOS) {
                r--; // still warming up
            } else if (r > 0) {
                seconds.add(took / 1e9);
                counted += took;
            }
        }
        pool.shutdown();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])))) {
            for (int i = 0; i < subjects.length; i++) {
                out.println(subjects[i] + "," + scores[i] + "," + (listed[i] ? "t" : "f"));
            }
        }
        seconds.sort(null);
        System.out.println(seconds.get(seconds.size() / 2));
    }

    private static Map<String, List<Event>> read(Path input) throws Exception {
        Map<String, List<Event>> bySubject = new HashMap<>();
        Instant now = Instant.now();
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    Event e = EventParser.parse(Json.fastObject(line), now);
                    // Type names shared, as the ledger's reader shares them (EventRow).
                    e = new Event(e.id(), e.source(), e.subject(), e.type().intern(), e.at(), e.data());
                    bySubject.computeIfAbsent(e.subject(), s -> new ArrayList<>()).add(e);
                }
            }
        }
        return bySubject;
    }
}
