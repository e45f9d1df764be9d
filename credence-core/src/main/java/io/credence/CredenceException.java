package io.credence;

import java.util.List;

/**
 * The base of every exception Credence throws on purpose. Each carries a stable {@link ErrorCode}
 * that the CLI maps to an exit code and the HTTP layer to a problem type, and zero or more
 * {@link Problem}s that name the field and the rule that was broken.
 */
public abstract class CredenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<Problem> problems;

    protected CredenceException(ErrorCode code, String message, List<Problem> problems) {
        super(message);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    protected CredenceException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public final ErrorCode code() {
        return code;
    }

    /** Every problem found, each with a path; empty when the message says it all. */
    public final List<Problem> problems() {
        return problems;
    }
}
