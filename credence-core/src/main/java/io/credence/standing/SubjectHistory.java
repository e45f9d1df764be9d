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

    private static List<Event> sorted(List<Event> events) {
        for (int i = 1; i < events.size(); i++) {
            if (Event.ORDER.compare(events.get(i - 1), events.get(i)) > 0) {
                List<Event> copy = new ArrayList<>(events);
                copy.sort(Event.ORDER);
                return List.copyOf(copy);
            }
        }
        return List.copyOf(events);
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
