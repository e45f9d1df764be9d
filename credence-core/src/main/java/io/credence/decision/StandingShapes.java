package io.credence.decision;

import io.credence.rulebook.Domain;
import io.credence.rulebook.DomainRule;
import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decisions from what they read of a standing, worked out once per shape instead of once per request.
 *
 * <p>Spec section 2 gives a domain rule four variables: {@code subject}, {@code score}, {@code tier}
 * and {@code lists}. When no rule of the rulebook names {@code subject}, two subjects with the same
 * score, tier and lists get the same answer in every domain, and a population of a million holds only
 * a few thousand such shapes (scores lie within the rulebook's bounds; lists are few). A
 * {@link Shape} is that triple, interned per rulebook, and keeps each domain's outcome after its first
 * decision, so a decision is a lookup and a new {@link Decision} record: no CEL. When some rule does
 * name {@code subject}, every decision is evaluated in full, as {@link DecisionEvaluator} does.
 *
 * <p>Either way the answer is the one {@link DecisionEvaluator#decide} gives for the same standing;
 * the tests compare the two on random standings. Thread-safe.
 */
public final class StandingShapes {
    private final Rulebook rulebook;
    private final Map<String, Integer> domainIndex = new HashMap<>();
    private final boolean shareable;
    private final ConcurrentHashMap<Key, Shape> shapes = new ConcurrentHashMap<>();

    public StandingShapes(Rulebook rulebook) {
        this.rulebook = rulebook;
        boolean readsSubject = false;
        for (Domain domain : rulebook.domains().values()) {
            domainIndex.put(domain.name(), domainIndex.size());
            for (DomainRule rule : domain.deny()) {
                readsSubject |= rule.when().readsSubject();
            }
            for (DomainRule rule : domain.grant()) {
                readsSubject |= rule.when().readsSubject();
            }
        }
        this.shareable = !readsSubject;
    }

    public Rulebook rulebook() {
        return rulebook;
    }

    /** Whether outcomes are shared between subjects (no domain rule names {@code subject}). */
    public boolean shareable() {
        return shareable;
    }

    /** The interned shape of {@code standing}, which must have been computed under this rulebook. */
    public Shape of(Standing standing) {
        Key key = new Key(standing.score(), standing.tier(), standing.lists(), standing.effectiveLists());
        Shape shape = shapes.get(key);
        return shape != null ? shape : shapes.computeIfAbsent(key, k -> new Shape(this, k));
    }

    /** Number of distinct shapes seen so far. */
    public int size() {
        return shapes.size();
    }

    private record Key(long score, String tier, List<String> lists, List<String> effectiveLists) {}

    private record Outcome(boolean allowed, List<String> reasons, List<String> benefits,
            List<Decision.RuleFailure> failures) {}

    /** A score, tier and lists under one rulebook, with the outcome of each domain decided so far. */
    public static final class Shape {
        private final StandingShapes owner;
        private final Key key;
        private final AtomicReferenceArray<Outcome> outcomes;

        private Shape(StandingShapes owner, Key key) {
            this.owner = owner;
            this.key = key;
            this.outcomes = new AtomicReferenceArray<>(owner.domainIndex.size());
        }

        public StandingShapes owner() {
            return owner;
        }

        public long score() {
            return key.score();
        }

        public String tier() {
            return key.tier();
        }

        public List<String> lists() {
            return key.lists();
        }

        /**
         * May {@code subject}, whose standing at {@code at} has this shape, use {@code domainName}?
         *
         * @throws UnknownDomainException when the rulebook has no such domain
         */
        public Decision decide(String id, String subject, String domainName, Instant at) {
            Integer index = owner.domainIndex.get(domainName);
            if (index == null) {
                throw new UnknownDomainException(domainName, owner.rulebook.toString());
            }
            if (!owner.shareable) {
                return DecisionEvaluator.decide(owner.rulebook, standing(subject, at), domainName, id);
            }
            Outcome outcome = outcomes.get(index);
            if (outcome == null) {
                // Two threads may both work it out; they get the same value, and either is kept.
                Decision d = DecisionEvaluator.decide(owner.rulebook, standing(subject, at), domainName, id);
                outcome = new Outcome(d.allowed(), d.reasons(), d.benefits(), d.failures());
                outcomes.set(index, outcome);
            }
            return new Decision(id, subject, domainName, at, outcome.allowed(), outcome.reasons(), outcome.benefits(),
                    key.score(), key.tier(), key.lists(), owner.rulebook.ref(), outcome.failures());
        }

        private Standing standing(String subject, Instant at) {
            return new Standing(subject, at, key.score(), key.tier(), owner.rulebook.ref(), key.lists(),
                    key.effectiveLists(), List.of());
        }
    }
}
