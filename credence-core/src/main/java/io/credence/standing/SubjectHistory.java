package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.rulebook.Rulebook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything recorded about one subject that a standing depends on: their events in key order
 * (retracted ones included), the retractions, and when the ledger acknowledged each event (for
 * notice periods).
 *
 * <p>Immutable and thread-safe. It caches, per rulebook, what about its events does not depend on
 * the time asked ({@link PreparedHistory}), so a subject's standing at many instants, or again and
 * again as a service answers decisions, costs one walk over primitive arrays.
 */
public final class SubjectHistory {
    private final String subject;
    private final List<Event> events;
    private final Map<EventKey, Retraction> retractions;
    private final Map<EventKey, Instant> recorded;
    private final Map<EventKey, Instant> repairs;
    private volatile PreparedHistory prepared;

    public SubjectHistory(String subject, List<Event> events, Map<EventKey, Retraction> retractions,
            Map<EventKey, Instant> recorded) {
        this(subject, events, retractions, recorded, Map.of());
    }

    /**
     * @param repairs for each event whose repair a reviewer approved, when: its contribution counts
     *     only before that instant (spec section 5)
     */
    public SubjectHistory(String subject, List<Event> events, Map<EventKey, Retraction> retractions,
            Map<EventKey, Instant> recorded, Map<EventKey, Instant> repairs) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.events = sorted(events);
        this.retractions = Map.copyOf(retractions);
        this.recorded = Map.copyOf(recorded);
        this.repairs = Map.copyOf(repairs);
    }

    /** The same history with approved repairs added. */
    public SubjectHistory withRepairs(Map<EventKey, Instant> approved) {
        return approved.isEmpty() ? this : new SubjectHistory(subject, events, retractions, recorded, approved);
    }

    public static SubjectHistory of(String subject, List<Event> events) {
        return new SubjectHistory(subject, events, Map.of(), Map.of());
    }

    public String subject() {
        return subject;
    }

    /** In key order {@code (at, source, id)}. */
    public List<Event> events() {
        return events;
    }

    public Map<EventKey, Retraction> retractions() {
        return retractions;
    }

    public Map<EventKey, Instant> recorded() {
        return recorded;
    }

    /** Approved repairs: event to the instant its contribution stopped counting. */
    public Map<EventKey, Instant> repairs() {
        return repairs;
    }

    PreparedHistory prepared(Rulebook rulebook) {
        PreparedHistory p = prepared;
        if (p == null || p.rulebook() != rulebook) {
            p = new PreparedHistory(rulebook, this);
            prepared = p;
        }
        return p;
    }

    /** Histories up to this size are sorted by insertion on their instants; longer ones by merge sort. */
    private static final int INSERTION_SORT = 64;

    /**
     * The events in key order. Most histories are short: their instants are read once into a
     * primitive array and compared there (comparing through each event's {@code Instant} costs a
     * cache miss per comparison), source and id only on equal instants.
     */
    private static List<Event> sorted(List<Event> events) {
        int n = events.size();
        if (n > INSERTION_SORT) {
            for (int i = 1; i < n; i++) {
                if (Event.ORDER.compare(events.get(i - 1), events.get(i)) > 0) {
                    List<Event> copy = new ArrayList<>(events);
                    copy.sort(Event.ORDER);
                    return List.copyOf(copy);
                }
            }
            return List.copyOf(events);
        }
        Event[] out = events.toArray(new Event[0]);
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = io.credence.time.Instants.toNanos(out[i].at());
        }
        for (int i = 1; i < n; i++) {
            Event e = out[i];
            long t = at[i];
            int j = i - 1;
            while (j >= 0 && (at[j] > t || (at[j] == t && Event.ORDER.compare(out[j], e) > 0))) {
                out[j + 1] = out[j];
                at[j + 1] = at[j];
                j--;
            }
            out[j + 1] = e;
            at[j + 1] = t;
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(out)); // no second copy
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectHistory other && subject.equals(other.subject) && events.equals(other.events)
                && retractions.equals(other.retractions) && recorded.equals(other.recorded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, events, retractions);
    }

    @Override
    public String toString() {
        return "SubjectHistory[" + subject + ", " + events.size() + " events]";
    }
}
