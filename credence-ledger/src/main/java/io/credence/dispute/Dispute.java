package io.credence.dispute;

import io.credence.event.EventKey;
import java.time.Instant;

/**
 * A subject's challenge of one event. {@code deadline} is null when the rulebook sets no
 * {@code process.dispute_deadline}. While {@link Status#OPEN}, the event is shown as disputed, with
 * the statement, to everyone who can see the file. Immutable.
 */
public record Dispute(String id, String subject, EventKey event, String statement, Instant opened, Instant deadline,
        Status status, Resolution resolution) {

    /** Where a dispute stands. */
    public enum Status { OPEN, UPHELD, OVERTURNED, EXPIRED }

    /** How it ended: by whom ("deadline" for expiry), why and when. */
    public record Resolution(String by, String reason, Instant at) {}
}
