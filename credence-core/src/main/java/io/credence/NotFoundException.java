package io.credence;

/** Something the caller named does not exist. */
public final class NotFoundException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
