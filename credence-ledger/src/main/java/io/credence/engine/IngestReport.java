package io.credence.engine;

import java.util.List;

/** The summary of an ingest (spec section 4): counts, and each rejected line with its error. Immutable. */
public record IngestReport(long accepted, long duplicates, long rejected, List<LineError> errors) {
    public IngestReport {
        errors = List.copyOf(errors);
    }

    /** Line {@code line} (1-based) was rejected for {@code error}. */
    public record LineError(long line, String error) {}
}
