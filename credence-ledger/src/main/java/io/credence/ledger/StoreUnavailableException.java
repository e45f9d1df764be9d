package io.credence.ledger;

import io.credence.CredenceException;
import io.credence.ErrorCode;

/** The store is missing, foreign, corrupted, written by a newer version, or cannot be reached. */
public final class StoreUnavailableException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(ErrorCode.STORE_UNAVAILABLE, message);
    }
}
