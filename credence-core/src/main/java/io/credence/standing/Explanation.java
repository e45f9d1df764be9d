package io.credence.standing;

import java.util.List;

/**
 * A standing explained for the subject: what each of their events did, each list entry, and how to
 * reach the next tier. Immutable.
 */
public record Explanation(Standing standing, List<EventOutcome> events, List<ListEntry> listEntries,
        TierProgress progress) {
    public Explanation {
        events = List.copyOf(events);
        listEntries = List.copyOf(listEntries);
    }
}
