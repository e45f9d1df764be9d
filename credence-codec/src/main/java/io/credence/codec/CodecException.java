package io.credence.codec;

import io.credence.CredenceException;
import io.credence.ErrorCode;
import io.credence.Problem;
import java.util.List;

/** Input that is not well-formed JSON or YAML; the message says where. */
public final class CodecException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public CodecException(ErrorCode code, String message) {
        super(code, message, List.of(new Problem("", message)));
    }
}
