package io.credence.event;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One fact about one subject, reported by one source (spec section 1). Immutable once built by
 * {@link EventParser}; {@code data} holds JSON values as Java values (String, Boolean, Long, Double,
 * List, Map, or null) and is never modified.
 */
public record Event(String id, String source, String subject, String type, Instant at, Map<String, Object> data) {

    /** The spec's order: {@code (at, source, id)}, at chronologically, the others by their ASCII bytes. */
    public static final Comparator<Event> ORDER = Event::compareKeys;

    /** Written out rather than chained: sorting histories is a quarter of an in-memory recompute. */
    private static int compareKeys(Event a, Event b) {
        int c = a.at.compareTo(b.at);
        if (c != 0) {
            return c;
        }
        c = a.source.compareTo(b.source);
        return c != 0 ? c : a.id.compareTo(b.id);
    }

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(data, "data");
    }

    public EventKey key() {
        return new EventKey(source, id);
    }
}
