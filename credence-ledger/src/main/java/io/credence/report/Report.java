package io.credence.report;

import java.time.Instant;

/**
 * A claim by one subject (the reporter) that another did something. It changes no standing: only a
 * reviewer's acceptance creates an event (source {@code reports}), which is then disputable like any
 * other. The reported subject never learns who reported them. Immutable.
 */
public record Report(String id, String reporter, String subject, String type, Instant at, String description,
        String evidence, Instant filed, Status status, String reviewer, String reason) {

    /** Where a report stands. */
    public enum Status { PENDING, ACCEPTED, REJECTED }
}
