package io.credence.standing;

import io.credence.event.EventKey;
import java.time.Instant;

/**
 * One entry of a subject on a list: since the basis event, until {@code until} at the latest.
 * {@code liftedBy} says in words what ends it early ("an event of type judgment_fulfilled with the
 * same case"), or is null when only time does. {@code effectiveFrom} is when it starts to affect
 * decisions (the notice period; spec section 5). Immutable.
 */
public record ListEntry(String list, String description, EventKey basis, String basisType, Instant since,
        Instant until, String liftedBy, Instant effectiveFrom) {

    /** Whether decisions at {@code at} may use this entry. */
    public boolean effectiveAt(Instant at) {
        return !at.isBefore(effectiveFrom);
    }
}
