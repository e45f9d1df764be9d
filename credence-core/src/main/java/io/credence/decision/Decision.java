package io.credence.decision;

import io.credence.rulebook.RulebookRef;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "may subject S use domain D at T?" (spec section 3), with what it was derived from.
 * {@code failures} names rules that could not be evaluated (each denies). Immutable.
 */
public record Decision(String id, String subject, String domain, Instant at, boolean allowed, List<String> reasons,
        List<String> benefits, long score, String tier, List<String> lists, RulebookRef rulebook,
        List<RuleFailure> failures) {

    public Decision {
        reasons = List.copyOf(reasons);
        benefits = List.copyOf(benefits);
        lists = List.copyOf(lists);
        failures = List.copyOf(failures);
    }

    /** A rule whose condition could not be evaluated: where it stands and the error. */
    public record RuleFailure(String rule, String error) {}
}
