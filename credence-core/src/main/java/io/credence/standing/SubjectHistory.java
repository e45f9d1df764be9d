package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything recorded about one subject that a standing depends on: their events in key order
 * (retracted ones included), the retractions, and when the ledger acknowledged each event (for
 * notice periods). Immutable.
 */
public record SubjectHistory(String subject, List<Event> events, Map<EventKey, Retraction> retractions,
        Map<EventKey, Instant> recorded) {

    public SubjectHistory {
        events = sorted(events);
        retractions = Map.copyOf(retractions);
        recorded = Map.copyOf(recorded);
    }

    public static SubjectHistory of(String subject, List<Event> events) {
        return new SubjectHistory(subject, events, Map.of(), Map.of());
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
}
