package io.credence.decision;

import io.credence.rulebook.Domain;
import io.credence.rulebook.DomainRule;
import io.credence.rulebook.EvaluationException;
import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a subject may use a domain, from their standing alone: no relative's, no one
 * else's. Denied when any deny rule holds (reasons in declared order); a rule that fails to evaluate
 * denies and is named in {@link Decision#failures()}; when allowed, every grant rule that holds adds
 * its benefit. Lists still in their notice period do not count. Stateless and thread-safe.
 */
public final class DecisionEvaluator {
    /** The reason given when a grant rule, which has no reason of its own, failed to evaluate. */
    public static final String GRANT_RULE_FAILED = "A rule of this domain could not be evaluated";

    private DecisionEvaluator() {}

    /**
     * @throws UnknownDomainException when the rulebook has no such domain
     */
    public static Decision decide(Rulebook rulebook, Standing standing, String domainName, String decisionId) {
        Domain domain = rulebook.domain(domainName)
                .orElseThrow(() -> new UnknownDomainException(domainName, rulebook.toString()));
        List<String> lists = standing.effectiveLists();
        List<String> reasons = new ArrayList<>();
        List<Decision.RuleFailure> failures = new ArrayList<>();
        for (DomainRule rule : domain.deny()) {
            try {
                if (Rulebook.holds(rule, standing.subject(), standing.score(), standing.tier(), lists)) {
                    reasons.add(rule.text());
                }
            } catch (EvaluationException e) {
                failures.add(new Decision.RuleFailure(rule.path(), e.getMessage()));
                reasons.add(rule.text());
            }
        }
        List<String> benefits = new ArrayList<>();
        for (DomainRule rule : domain.grant()) {
            try {
                if (Rulebook.holds(rule, standing.subject(), standing.score(), standing.tier(), lists)) {
                    benefits.add(rule.text());
                }
            } catch (EvaluationException e) {
                failures.add(new Decision.RuleFailure(rule.path(), e.getMessage()));
                if (!reasons.contains(GRANT_RULE_FAILED)) {
                    reasons.add(GRANT_RULE_FAILED);
                }
            }
        }
        boolean allowed = reasons.isEmpty();
        return new Decision(decisionId, standing.subject(), domainName, standing.at(), allowed, reasons,
                allowed ? benefits : List.of(), standing.score(), standing.tier(), standing.lists(),
                standing.rulebook(), failures);
    }
}
