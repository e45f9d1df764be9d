package io.credence.testing;

import io.credence.event.Event;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookCompiler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared test fixtures: event builders and a tiny YAML-free rulebook builder. Used by every module's tests. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * The seed of a randomized test: {@code -Dtest.seed} when given, else a fresh one, printed with
     * the option that reruns the test with it.
     */
    public static long seed(String test) {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println(test + " seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        return seed;
    }

    /**
     * Random text: 1 to 40 characters of printable ASCII, or when {@code wide} 1 to 8 characters of
     * which about a third lie beyond ASCII (Latin-1 and other scripts).
     */
    public static String text(Random random, boolean wide) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(wide ? 8 : 40);
        for (int i = 0; i < n; i++) {
            boolean nonAscii = wide && random.nextInt(3) == 0;
            out.append(nonAscii ? (char) (0xe0 + random.nextInt(0x500)) : (char) ('!' + random.nextInt(90)));
        }
        return out.toString();
    }

    public static Event event(String source, String id, String subject, String type, String at) {
        return new Event(id, source, subject, type, Instant.parse(at), Map.of());
    }

    public static Event event(String source, String id, String subject, String type, String at,
            Map<String, Object> data) {
        return new Event(id, source, subject, type, Instant.parse(at), data);
    }

    /**
     * {@code n} random events of subject P-1 for {@link #document()}'s types: each of {@code types}
     * reported by its source (fines by police, volunteering by the community office, the rest by the
     * court), at instants over 2020-2025 with about one in ten on an earlier event's instant (ties),
     * with data {@code case} C0-C2 and {@code hours} 0-9. Ids e0, e1, ...
     */
    public static List<Event> randomEvents(Random random, int n, String... types) {
        long start = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String type = types[random.nextInt(types.length)];
            String source = switch (type) {
                case "fine" -> "police";
                case "volunteer" -> "community-office";
                default -> "court";
            };
            Instant at = Instant.ofEpochSecond(start + random.nextInt(6 * 365 * 86_400));
            if (random.nextInt(10) == 0 && !events.isEmpty()) {
                at = events.get(random.nextInt(events.size())).at();
            }
            Map<String, Object> data = new HashMap<>();
            data.put("case", "C" + random.nextInt(3));
            data.put("hours", (double) random.nextInt(10));
            events.add(new Event("e" + i, source, "P-1", type, at, data));
        }
        return events;
    }

    /** A mutable rulebook document (the decoded YAML tree), for tests that vary one key at a time. */
    public static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "test-points");
        doc.put("version", 1);
        doc.put("score", new LinkedHashMap<>(Map.of("base", 1000, "min", 0, "max", 1300)));
        List<Object> tiers = new ArrayList<>();
        tiers.add(new LinkedHashMap<>(Map.of("name", "A", "min", 1000)));
        tiers.add(new LinkedHashMap<>(Map.of("name", "B", "min", 900)));
        tiers.add(new LinkedHashMap<>(Map.of("name", "C", "min", 0)));
        doc.put("tiers", tiers);
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("fine", type("traffic", "police", -10, "P1Y"));
        events.put("judgment_unfulfilled", type("judicial", "court", -100, "P5Y"));
        events.put("judgment_fulfilled", new LinkedHashMap<>(Map.of("category", "judicial", "sources", List.of("court"))));
        Map<String, Object> volunteer = type("civic", "community-office", null, "P2Y");
        volunteer.put("points", "int(event.data.hours) * 2");
        volunteer.put("when", "event.data.hours > 0.0");
        volunteer.put("cap", new LinkedHashMap<>(Map.of("max", 20, "per", "year")));
        events.put("volunteer", volunteer);
        doc.put("events", events);
        Map<String, Object> lists = new LinkedHashMap<>();
        lists.put("defaulters", new LinkedHashMap<>(Map.of("description", "Has not paid", "enter",
                "judgment_unfulfilled", "leave", "judgment_fulfilled", "match", "case", "max_duration", "P3Y")));
        doc.put("lists", lists);
        Map<String, Object> domains = new LinkedHashMap<>();
        Map<String, Object> air = new LinkedHashMap<>();
        air.put("description", "Flights");
        air.put("deny", new ArrayList<>(List.of(
                new LinkedHashMap<>(Map.of("when", "'defaulters' in lists", "reason", "Listed")),
                new LinkedHashMap<>(Map.of("when", "score < 900", "reason", "Score below 900")))));
        air.put("grant", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("when", "tier == 'A'", "benefit", "lounge")))));
        domains.put("air-travel", air);
        doc.put("domains", domains);
        return doc;
    }

    public static Map<String, Object> type(String category, String source, Integer points, String expires) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("category", category);
        t.put("sources", new ArrayList<>(List.of(source)));
        if (points != null) {
            t.put("points", points);
        }
        if (expires != null) {
            t.put("expires", expires);
        }
        return t;
    }

    public static Rulebook rulebook(Map<String, Object> document) {
        return RulebookCompiler.compile(document, null, "").orThrow();
    }

    public static Rulebook rulebook() {
        return rulebook(document());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> child(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }
}
