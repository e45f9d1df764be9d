package io.credence.rulebook;

import io.credence.CredenceException;
import io.credence.ErrorCode;

/** A CEL expression could not be evaluated for the values at hand (a missing data field, say). */
public final class EvaluationException extends CredenceException {
    private static final long serialVersionUID = 1L;

    private final String rulePath;

    EvaluationException(String rulePath, String message) {
        super(ErrorCode.EVENT_REJECTED, message);
        this.rulePath = rulePath;
    }

    /** Where the failing expression stands in the rulebook, e.g. {@code events.volunteer_service.points}. */
    public String rulePath() {
        return rulePath;
    }
}
