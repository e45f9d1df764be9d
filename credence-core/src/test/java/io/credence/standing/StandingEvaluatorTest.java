package io.credence.standing;

import static io.credence.testing.Fixtures.event;
import static io.credence.testing.Fixtures.randomEvents;
import static io.credence.testing.Fixtures.rulebook;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.Tier;
import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandingEvaluatorTest {
    private static final long SEED = Fixtures.seed("StandingEvaluatorTest");
    private static final Rulebook RULEBOOK = rulebook();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSubjectWithNoEventsHasTheBaseScoreAndItsTier() {
        Standing s = StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", List.of()), T);
        assertThat(s.score()).isEqualTo(1000);
        assertThat(s.tier()).isEqualTo("A");
        assertThat(s.lists()).isEmpty();
        assertThat(s.contributions()).isEmpty();
    }

    @Test
    void expiredContributionNoLongerCountsFromItsExpiryInstant() {
        List<Event> events = List.of(event("police", "f1", "P-1", "fine", "2025-01-01T00:00:00Z"));
        SubjectHistory h = SubjectHistory.of("P-1", events);
        assertThat(StandingEvaluator.standing(RULEBOOK, h, Instant.parse("2025-12-31T23:59:59.999999999Z")).score())
                .isEqualTo(990);
        assertThat(StandingEvaluator.standing(RULEBOOK, h, Instant.parse("2026-01-01T00:00:00Z")).score())
                .isEqualTo(1000);
    }

    @Test
    void eventsAfterTheInstantAskedAreIgnored() {
        SubjectHistory h = SubjectHistory.of("P-1", List.of(event("police", "f1", "P-1", "fine", "2025-06-01T00:00:00Z")));
        assertThat(StandingEvaluator.standing(RULEBOOK, h, Instant.parse("2025-05-31T00:00:00Z")).score()).isEqualTo(1000);
    }

    @Test
    void aListingIsLiftedOnlyByALeaveWithTheSameCaseAtOrAfterTheEnter() {
        List<Event> events = new ArrayList<>(List.of(
                event("court", "j1", "P-1", "judgment_unfulfilled", "2025-01-01T00:00:00Z", Map.of("case", "A")),
                event("court", "p0", "P-1", "judgment_fulfilled", "2024-12-01T00:00:00Z", Map.of("case", "A")),
                event("court", "p1", "P-1", "judgment_fulfilled", "2025-03-01T00:00:00Z", Map.of("case", "B"))));
        assertThat(StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", events), T).lists())
                .containsExactly("defaulters");
        events.add(event("court", "p2", "P-1", "judgment_fulfilled", "2025-04-01T00:00:00Z", Map.of("case", "A")));
        assertThat(StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", events), T).lists()).isEmpty();
    }

    @Test
    void contributionsComeLargestMagnitudeFirstThenInKeyOrderEvenAtTheLimitOfPoints() {
        Map<String, Object> doc = Fixtures.document();
        Map<String, Object> huge = Fixtures.type("judicial", "court", null, "P5Y");
        huge.put("points", "-9223372036854775807 - 1"); // Long.MIN_VALUE: its magnitude has no long
        Fixtures.child(doc, "events").put("huge", huge);
        Map<String, Object> gift = Fixtures.type("civic", "community-office", 10, "P5Y");
        Fixtures.child(doc, "events").put("gift", gift);
        List<Event> events = List.of(
                event("police", "f1", "P-1", "fine", "2025-01-02T00:00:00Z"),
                event("community-office", "g1", "P-1", "gift", "2025-02-01T00:00:00Z"),
                event("court", "h1", "P-1", "huge", "2025-03-01T00:00:00Z"),
                event("police", "f2", "P-1", "fine", "2025-04-01T00:00:00Z"),
                event("court", "j1", "P-1", "judgment_unfulfilled", "2025-05-01T00:00:00Z",
                        Map.of("case", "A")));
        Standing s = StandingEvaluator.standing(Fixtures.rulebook(doc), SubjectHistory.of("P-1", events), T);
        assertThat(s.contributions()).extracting(c -> c.event().id()).containsExactly("h1", "j1", "f1", "g1", "f2");
        assertThat(s.score()).isZero();
    }

    @Test
    void explanationSaysWhyEachEventCountsOrNot() {
        List<Event> events = List.of(
                event("community-office", "v1", "P-1", "volunteer", "2025-02-01T00:00:00Z", Map.of("hours", 8.0)),
                event("community-office", "v2", "P-1", "volunteer", "2025-03-01T00:00:00Z", Map.of("hours", 8.0)),
                event("community-office", "v3", "P-1", "volunteer", "2025-04-01T00:00:00Z", Map.of("hours", 0.0)),
                event("community-office", "v4", "P-1", "volunteer", "2025-05-01T00:00:00Z", Map.of("minutes", 5.0)),
                event("police", "f1", "P-1", "fine", "2023-01-01T00:00:00Z"),
                event("police", "f2", "P-1", "fine", "2025-01-01T00:00:00Z"));
        Map<EventKey, Retraction> retractions = Map.of(new EventKey("police", "f2"),
                new Retraction(new EventKey("police", "f2"), "wrong person", "operator:alice", T));
        Explanation e = StandingEvaluator.explain(RULEBOOK, new SubjectHistory("P-1", events, retractions, Map.of()), T);
        assertThat(e.events()).extracting(EventOutcome::effect).containsExactly(Effect.EXPIRED, Effect.RETRACTED,
                Effect.COUNTED, Effect.COUNTED, Effect.CONDITION_FALSE, Effect.EVALUATION_ERROR);
        assertThat(e.events().get(3).capWindow()).isEqualTo("2025");
        assertThat(e.events().get(3).points()).isEqualTo(4);
        assertThat(e.events().get(3).sentence()).contains("capped from +16").contains("2025 window");
        assertThat(e.events().get(1).sentence()).contains("retracted").contains("wrong person");
        assertThat(e.events().get(0).sentence()).contains("expired on 2024-01-01T00:00:00Z");
        assertThat(e.standing().score()).isEqualTo(1020);
        assertThat(e.progress().nextTier()).isNull();
    }

    @Test
    void tierProgressGivesThePointsToTheNextTier() {
        List<Event> events = List.of(event("court", "j1", "P-1", "judgment_unfulfilled", "2025-01-01T00:00:00Z",
                Map.of("case", "A")));
        Explanation e = StandingEvaluator.explain(RULEBOOK, SubjectHistory.of("P-1", events), T);
        assertThat(e.standing().score()).isEqualTo(900);
        assertThat(e.progress().nextTier()).isEqualTo("A");
        assertThat(e.progress().pointsToNextTier()).isEqualTo(100);
        assertThat(e.progress().expiries()).singleElement()
                .satisfies(x -> assertThat(x.on()).isEqualTo("2030-01-01T00:00:00Z"));
        assertThat(e.listEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.until()).isEqualTo("2028-01-01T00:00:00Z");
            assertThat(entry.liftedBy()).contains("judgment_fulfilled").contains("same case");
        });
    }

    /** Invariants checked on random histories: bounds, tier, order independence, retraction. */
    @Test
    void invariantsHoldOnRandomHistoriesInAnyOrder() {
        Random random = new Random(SEED);
        String[] types = {"fine", "judgment_unfulfilled", "judgment_fulfilled", "volunteer"};
        for (int round = 0; round < 300; round++) {
            List<Event> events = randomEvents(random, random.nextInt(40), types);
            Instant at = Instant.parse("2020-06-01T00:00:00Z").plusSeconds(random.nextInt(7 * 365 * 86_400));
            Standing standing = StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", events), at);
            assertThat(standing.score()).isBetween(RULEBOOK.score().min(), RULEBOOK.score().max());
            Tier expectedTier = RULEBOOK.tiers().stream().filter(t -> t.min() <= standing.score()).findFirst()
                    .orElseThrow();
            assertThat(standing.tier()).isEqualTo(expectedTier.name());
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", shuffled), at))
                    .as("seed %d round %d", SEED, round).isEqualTo(standing);
            if (!events.isEmpty()) {
                Event gone = events.get(random.nextInt(events.size()));
                List<Event> without = new ArrayList<>(events);
                without.remove(gone);
                Map<EventKey, Retraction> retraction = Map.of(gone.key(), new Retraction(gone.key(), "test", "t", at));
                assertThat(StandingEvaluator.standing(RULEBOOK, new SubjectHistory("P-1", events, retraction, Map.of()),
                        at)).as("retracted = never recorded, seed %d", SEED)
                        .isEqualTo(StandingEvaluator.standing(RULEBOOK, SubjectHistory.of("P-1", without), at));
            }
        }
    }
}
