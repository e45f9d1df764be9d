package io.credence.decision;

import static io.credence.testing.Fixtures.child;
import static io.credence.testing.Fixtures.document;
import static io.credence.testing.Fixtures.event;
import static io.credence.testing.Fixtures.rulebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionEvaluatorTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Standing standing(Rulebook rulebook, String... judgments) {
        List<io.credence.event.Event> events = new ArrayList<>();
        for (String id : judgments) {
            events.add(event("court", id, "P-1", "judgment_unfulfilled", "2025-06-01T00:00:00Z", Map.of("case", id)));
        }
        return StandingEvaluator.standing(rulebook, SubjectHistory.of("P-1", events), T);
    }

    @Test
    void deniedWithEveryHoldingReasonInDeclaredOrder() {
        Rulebook rulebook = rulebook();
        Decision d = DecisionEvaluator.decide(rulebook, standing(rulebook, "j1", "j2"), "air-travel", "d-1");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reasons()).containsExactly("Listed", "Score below 900");
        assertThat(d.benefits()).isEmpty();
        assertThat(d.score()).isEqualTo(800);
    }

    @Test
    void allowedWithTheBenefitsOfEveryHoldingGrant() {
        Rulebook rulebook = rulebook();
        Decision d = DecisionEvaluator.decide(rulebook, standing(rulebook), "air-travel", "d-2");
        assertThat(d.allowed()).isTrue();
        assertThat(d.reasons()).isEmpty();
        assertThat(d.benefits()).containsExactly("lounge");
    }

    @Test
    void anUnknownDomainIsAnErrorNotADenial() {
        Rulebook rulebook = rulebook();
        assertThatThrownBy(() -> DecisionEvaluator.decide(rulebook, standing(rulebook), "space-travel", "d-3"))
                .isInstanceOf(UnknownDomainException.class).hasMessageContaining("space-travel");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRuleThatFailsToEvaluateDeniesAndSaysSo() {
        Map<String, Object> doc = document();
        List<Object> deny = (List<Object>) child(doc, "domains", "air-travel").get("deny");
        deny.add(new LinkedHashMap<>(Map.of("when", "lists[5] == 'x'", "reason", "Broken rule")));
        Rulebook rulebook = rulebook(doc);
        Decision d = DecisionEvaluator.decide(rulebook, standing(rulebook), "air-travel", "d-4");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reasons()).containsExactly("Broken rule");
        assertThat(d.failures()).singleElement().satisfies(f -> assertThat(f.rule())
                .isEqualTo("domains.air-travel.deny[2]"));
    }
}
