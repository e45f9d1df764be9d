package io.credence.decision;

import static io.credence.testing.Fixtures.rulebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decisions from interned shapes must be the decisions the evaluator gives, rule failures included. */
class StandingShapesTest {
    private static final long SEED = Fixtures.seed("StandingShapesTest");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @SuppressWarnings("unchecked")
    private static Rulebook withRule(String domain, String kind, String when, String text) {
        Map<String, Object> doc = Fixtures.document();
        Map<String, Object> domains = (Map<String, Object>) doc.get("domains");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("description", domain);
        d.put(kind, new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("when", when,
                kind.equals("deny") ? "reason" : "benefit", text)))));
        domains.put(domain, d);
        return rulebook(doc);
    }

    @Test
    void outcomesAreSharedOnlyWhenNoRuleNamesTheSubject() {
        assertThat(new StandingShapes(rulebook()).shareable()).isTrue();
        Rulebook bySubject = withRule("vip-lounge", "grant", "subject.startsWith('VIP-')", "lounge");
        assertThat(new StandingShapes(bySubject).shareable()).isFalse();
        StandingShapes shapes = new StandingShapes(bySubject);
        Standing same = standing("VIP-1", 1000, List.of());
        Decision vip = shapes.of(same).decide("d1", "VIP-1", "vip-lounge", T);
        Decision other = shapes.of(standing("P-2", 1000, List.of())).decide("d2", "P-2", "vip-lounge", T);
        assertThat(vip.benefits()).containsExactly("lounge");
        assertThat(other.benefits()).isEmpty();
    }

    @Test
    void anUnknownDomainIsAnErrorNotADenial() {
        StandingShapes shapes = new StandingShapes(rulebook());
        assertThatThrownBy(() -> shapes.of(standing("P-1", 1000, List.of())).decide("d", "P-1", "space-travel", T))
                .isInstanceOf(UnknownDomainException.class).hasMessageContaining("space-travel");
    }

    @Test
    void shapeDecisionsEqualTheEvaluatorsOnRandomStandings() {
        Random random = new Random(SEED);
        Rulebook failing = withRule("ferry", "deny", "lists[1] == 'defaulters'", "Second list is defaulters");
        Rulebook bySubject = withRule("vip-lounge", "grant", "subject.endsWith('7') && score > 950", "lounge");
        for (Rulebook rulebook : List.of(rulebook(), failing, bySubject)) {
            StandingShapes shapes = new StandingShapes(rulebook);
            List<String> domains = List.copyOf(rulebook.domains().keySet());
            for (int i = 0; i < 3_000; i++) {
                long score = random.nextInt(1301);
                List<String> lists = random.nextInt(4) == 0 ? List.of("defaulters") : List.of();
                Standing s = standing("P-" + random.nextInt(40), score, lists, rulebook);
                String domain = domains.get(random.nextInt(domains.size()));
                Decision expected = DecisionEvaluator.decide(rulebook, s, domain, "d-" + i);
                Decision shaped = shapes.of(s).decide("d-" + i, s.subject(), domain, T);
                assertThat(shaped).as("seed %d, %s, %s", SEED, rulebook, s).isEqualTo(expected);
            }
            assertThat(shapes.size()).as("shapes are shared").isLessThan(3_000);
        }
    }

    private static Standing standing(String subject, long score, List<String> lists) {
        return standing(subject, score, lists, rulebook());
    }

    private static Standing standing(String subject, long score, List<String> lists, Rulebook rulebook) {
        return new Standing(subject, T, score, rulebook.tierFor(score).name(), rulebook.ref(), lists, lists, List.of());
    }
}
