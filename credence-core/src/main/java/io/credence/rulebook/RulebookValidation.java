package io.credence.rulebook;

import io.credence.Problem;
import java.util.List;

/**
 * The outcome of validating a rulebook: every problem by path (empty when valid), warnings that do
 * not refuse it, and the compiled rulebook when there were no problems. Immutable.
 */
public record RulebookValidation(Rulebook rulebook, List<Problem> problems, List<Problem> warnings) {
    public RulebookValidation {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * The compiled rulebook.
     *
     * @throws RulebookRejectedException when there were problems
     */
    public Rulebook orThrow() {
        if (!valid()) {
            throw new RulebookRejectedException(problems);
        }
        return rulebook;
    }
}
