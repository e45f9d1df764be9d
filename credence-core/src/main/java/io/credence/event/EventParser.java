package io.credence.event;

import io.credence.Problem;
import io.credence.time.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a decoded JSON object into an {@link Event}, checking every field rule of spec section 1 that
 * does not depend on the rulebook (the rulebook's own checks are in
 * {@link io.credence.rulebook.Rulebook#admit}). All problems are reported at once. Stateless and
 * thread-safe.
 */
public final class EventParser {
    /** The largest {@code data} object, serialized canonically. */
    public static final int MAX_DATA_BYTES = 16 * 1024;
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final CharClass ID = new CharClass("A-Za-z0-9._:/-", 128);
    private static final CharClass SOURCE = new CharClass("a-z0-9-", 64);
    private static final CharClass SUBJECT = new CharClass("A-Za-z0-9._:-", 64);
    private static final Set<String> FIELDS = Set.of("id", "source", "subject", "type", "at", "data");

    private EventParser() {}

    /**
     * Builds an event from a decoded JSON object.
     *
     * @param now the server clock's instant; an event may not be more than five minutes after it
     * @throws EventRejectedException listing every broken rule
     */
    public static Event parse(Map<String, Object> json, Instant now) {
        List<Problem> problems = new ArrayList<>();
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                problems.add(new Problem(field, "unknown field; an event has only id, source, subject, type, at and data"));
            }
        }
        String id = text(json, "id", ID, "1-128 characters of A-Z a-z 0-9 . _ : / -", problems);
        String source = text(json, "source", SOURCE, "1-64 characters of a-z 0-9 -", problems);
        String subject = text(json, "subject", SUBJECT, "1-64 characters of A-Z a-z 0-9 . _ : -", problems);
        String type = null;
        Object rawType = json.get("type");
        if (!(rawType instanceof String s) || s.isEmpty()) {
            problems.add(new Problem("type", rawType == null ? "is required" : "must be a non-empty string"));
        } else {
            type = s;
        }
        Instant at = null;
        Object rawAt = json.get("at");
        if (!(rawAt instanceof String atText)) {
            problems.add(new Problem("at", rawAt == null ? "is required" : "must be an RFC 3339 string"));
        } else {
            try {
                at = Instants.parse(atText);
                if (at.isBefore(EARLIEST)) {
                    problems.add(new Problem("at", "must not be before 1970-01-01T00:00:00Z; got " + atText));
                } else if (at.isAfter(now.plus(5, ChronoUnit.MINUTES))) {
                    problems.add(new Problem("at", "must not be more than 5 minutes ahead of the server clock ("
                            + now + "); got " + atText));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("at", e.getMessage()));
            }
        }
        Map<String, Object> data = Map.of();
        Object rawData = json.get("data");
        if (rawData instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            int size = CanonicalJson.write(typed).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_DATA_BYTES) {
                problems.add(new Problem("data", "must be at most 16 KiB serialized; got " + size + " bytes"));
            }
            data = Collections.unmodifiableMap(new LinkedHashMap<>(typed));
        } else if (rawData != null) {
            problems.add(new Problem("data", "must be a JSON object"));
        }
        if (!problems.isEmpty()) {
            throw new EventRejectedException(problems);
        }
        return new Event(id, source, subject, type, at, data);
    }

    private static String text(Map<String, Object> json, String field, CharClass pattern, String rule,
            List<Problem> problems) {
        Object value = json.get(field);
        if (value == null) {
            problems.add(new Problem(field, "is required"));
            return null;
        }
        if (!(value instanceof String s) || !pattern.matches(s)) {
            problems.add(new Problem(field, "must be " + rule + "; got " + describe(value)));
            return null;
        }
        return s;
    }

    /** Whether a subject id is well formed (1-64 of A-Z a-z 0-9 . _ : -). */
    public static boolean isSubject(String subject) {
        return subject != null && SUBJECT.matches(subject);
    }

    /**
     * A set of ASCII characters and a maximum length, tested without regex: ingest checks three of
     * these per event, and a regex costs ten times as much.
     */
    private static final class CharClass {
        private final boolean[] allowed = new boolean[128];
        private final int maxLength;

        CharClass(String spec, int maxLength) {
            this.maxLength = maxLength;
            for (int i = 0; i < spec.length(); i++) {
                if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                    for (char c = spec.charAt(i); c <= spec.charAt(i + 2); c++) {
                        allowed[c] = true;
                    }
                    i += 2;
                } else {
                    allowed[spec.charAt(i)] = true;
                }
            }
        }

        boolean matches(String s) {
            int n = s.length();
            if (n == 0 || n > maxLength) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 128 || !allowed[c]) {
                    return false;
                }
            }
            return true;
        }
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return s.length() > 80 ? "\"" + s.substring(0, 80) + "...\" (" + s.length() + " characters)" : "\"" + s + "\"";
        }
        return CanonicalJson.write(value);
    }
}
