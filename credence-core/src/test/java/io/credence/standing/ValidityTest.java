package io.credence.standing;

import static io.credence.testing.Fixtures.event;
import static io.credence.testing.Fixtures.rulebook;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.rulebook.Rulebook;
import io.credence.testing.Fixtures;
import io.credence.time.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The span a kept standing is reused over ({@link StandingEvaluator#validity}) must never include an
 * instant whose standing differs: the server answers decisions from it without evaluating.
 */
class ValidityTest {
    private static final long SEED = Fixtures.seed("ValidityTest");

    @Test
    void aFineHoldsFromWhenItWasIssuedUntilItExpires() {
        Rulebook rulebook = rulebook();
        SubjectHistory h = SubjectHistory.of("P-1", List.of(event("police", "f1", "P-1", "fine", "2025-03-01T00:00:00Z")));
        StandingEvaluator.Validity v = StandingEvaluator.validity(rulebook, h, Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(Instants.fromNanos(v.fromNanos())).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(Instants.fromNanos(v.untilNanos())).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        StandingEvaluator.Validity before = StandingEvaluator.validity(rulebook, h, Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(before.fromNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(Instants.fromNanos(before.untilNanos())).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    }

    @Test
    void aSubjectWithNoEventsKeepsTheBaseScoreForever() {
        StandingEvaluator.Validity v = StandingEvaluator.validity(rulebook(), SubjectHistory.of("P-1", List.of()),
                Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(v.fromNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(v.untilNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aListingEndsTheSpanAtItsMaximumDurationAndItsNoticePeriod() {
        Map<String, Object> doc = Fixtures.document();
        doc.put("process", new LinkedHashMap<>(Map.of("notice", "P14D")));
        Rulebook rulebook = rulebook(doc);
        Event enter = event("court", "j1", "P-1", "judgment_unfulfilled", "2025-01-01T00:00:00Z", Map.of("case", "A"));
        Instant recorded = Instant.parse("2025-02-01T00:00:00Z");
        SubjectHistory h = new SubjectHistory("P-1", List.of(enter), Map.of(), Map.of(enter.key(), recorded));
        // Listed from 2025-01-01, counting for decisions 14 days after it was recorded.
        StandingEvaluator.Validity v = StandingEvaluator.validity(rulebook, h, Instant.parse("2025-02-03T00:00:00Z"));
        assertThat(Instants.fromNanos(v.untilNanos())).isEqualTo(Instant.parse("2025-02-15T00:00:00Z"));
        StandingEvaluator.Validity later = StandingEvaluator.validity(rulebook, h, Instant.parse("2027-06-01T00:00:00Z"));
        assertThat(Instants.fromNanos(later.untilNanos())).isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
    }

    /**
     * Random histories (caps, CEL points, lists with leaves, retractions, repairs, notice periods) and
     * random instants: the standing at T equals the standing at the span's first instant, at its last
     * nanosecond, and at random instants within it.
     */
    @Test
    void theStandingIsTheSameEverywhereInTheSpan() {
        Random random = new Random(SEED);
        Map<String, Object> doc = Fixtures.document();
        doc.put("process", new LinkedHashMap<>(Map.of("notice", "P10D")));
        Rulebook[] rulebooks = {rulebook(), rulebook(doc)};
        String[] types = {"fine", "judgment_unfulfilled", "judgment_fulfilled", "volunteer", "unknown"};
        long start = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        int checked = 0;
        for (int round = 0; round < 400; round++) {
            Rulebook rulebook = rulebooks[round % 2];
            List<Event> events = Fixtures.randomEvents(random, random.nextInt(30), types);
            Map<EventKey, Instant> recorded = new HashMap<>();
            Map<EventKey, Retraction> retractions = new HashMap<>();
            Map<EventKey, Instant> repairs = new HashMap<>();
            for (Event e : events) {
                recorded.put(e.key(), e.at().plusSeconds(random.nextInt(40 * 86_400)));
                if (random.nextInt(12) == 0) {
                    retractions.put(e.key(), new Retraction(e.key(), "test", "t", e.at()));
                } else if (random.nextInt(12) == 0) {
                    repairs.put(e.key(), e.at().plusSeconds(random.nextInt(400 * 86_400)));
                }
            }
            SubjectHistory h = new SubjectHistory("P-1", events, retractions, recorded, repairs);
            Instant t = Instant.ofEpochSecond(start + random.nextInt(8 * 365 * 86_400), random.nextInt(1_000_000_000));
            Standing standing = StandingEvaluator.standing(rulebook, h, t);
            StandingEvaluator.Validity v = StandingEvaluator.validity(rulebook, h, t);
            assertThat(v.covers(Instants.toNanos(t))).as("seed %d round %d", SEED, round).isTrue();
            List<Long> probes = new ArrayList<>();
            long from = Math.max(v.fromNanos(), Instants.toNanos(Instant.parse("2010-01-01T00:00:00Z")));
            long until = Math.min(v.untilNanos(), Instants.toNanos(Instant.parse("2040-01-01T00:00:00Z")));
            probes.add(from);
            probes.add(until - 1);
            for (int k = 0; k < 5; k++) {
                probes.add(from + (long) (random.nextDouble() * (until - from)));
            }
            for (long probe : probes) {
                Standing other = StandingEvaluator.standing(rulebook, h, Instants.fromNanos(probe));
                assertThat(List.of(other.score(), other.tier(), other.lists(), other.effectiveLists(),
                        other.contributions()))
                        .as("seed %d round %d: at %s inside [%s, %s) vs T %s", SEED, round, Instants.fromNanos(probe),
                                Instants.fromNanos(v.fromNanos()), Instants.fromNanos(v.untilNanos()), t)
                        .isEqualTo(List.of(standing.score(), standing.tier(), standing.lists(),
                                standing.effectiveLists(), standing.contributions()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(400 * 7);
    }
}
