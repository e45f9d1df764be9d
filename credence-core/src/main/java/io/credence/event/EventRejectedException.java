package io.credence.event;

import io.credence.CredenceException;
import io.credence.ErrorCode;
import io.credence.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** An event broke a rule of spec section 1, or its points could not be evaluated; nothing of it was stored. */
public final class EventRejectedException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public EventRejectedException(List<Problem> problems) {
        super(ErrorCode.EVENT_REJECTED, problems.stream().map(Problem::toString).collect(Collectors.joining("; ")),
                problems);
    }

    public EventRejectedException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }
}
