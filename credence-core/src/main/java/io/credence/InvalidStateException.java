package io.credence;

/** A request that is well formed but not allowed in the current state of the ledger. */
public final class InvalidStateException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(ErrorCode.INVALID_STATE, message);
    }
}
