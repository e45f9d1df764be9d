package io.credence;

import java.util.List;

/** A value given by the caller is malformed; the problems name the field. */
public final class BadInputException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String path, String message) {
        super(ErrorCode.BAD_INPUT, path + ": " + message, List.of(new Problem(path, message)));
    }
}
