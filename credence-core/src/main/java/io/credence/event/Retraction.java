package io.credence.event;

import java.time.Instant;

/**
 * A correction: from now on the named event counts as if it had never been recorded. The retraction
 * itself stays in the ledger forever. {@code by} is who retracted it (a source, an operator, a
 * reviewer, or "deadline"). Immutable.
 */
public record Retraction(EventKey event, String reason, String by, Instant recorded) {}
