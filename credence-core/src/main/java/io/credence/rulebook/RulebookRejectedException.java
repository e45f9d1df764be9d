package io.credence.rulebook;

import io.credence.CredenceException;
import io.credence.ErrorCode;
import io.credence.Problem;
import java.util.List;

/** A rulebook broke one or more rules of spec section 2; {@link #problems()} lists every one by path. */
public final class RulebookRejectedException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public RulebookRejectedException(List<Problem> problems) {
        super(ErrorCode.RULEBOOK_REJECTED, "the rulebook was refused: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems"), problems);
    }
}
