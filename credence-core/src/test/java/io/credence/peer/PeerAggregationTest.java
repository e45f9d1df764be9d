package io.credence.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerAggregationTest {
    private static final long SEED = Fixtures.seed("PeerAggregationTest");

    @Test
    void aPileOnOfSybilsCannotSinkAnHonestTarget() {
        AttackSimulation.Report r = AttackSimulation.run(SEED);
        assertThat(r.pileOnNaiveShift()).as("plain mean, seed %d", SEED).isGreaterThanOrEqualTo(1.0);
        assertThat(r.pileOnCredenceShift()).as("Credence, seed %d", SEED).isLessThanOrEqualTo(0.1);
    }

    @Test
    void sybilsRatingEachOtherStayAtOrBelowThePrior() {
        AttackSimulation.Report r = AttackSimulation.run(SEED);
        assertThat(r.sybilAggregate()).as("seed %d", SEED).isLessThanOrEqualTo(r.prior());
    }

    @Test
    void retaliationMovesCredenceLessThanAPlainMean() {
        AttackSimulation.Report r = AttackSimulation.run(SEED);
        assertThat(r.retaliationCredenceShift()).as("seed %d", SEED).isLessThan(r.retaliationNaiveShift());
    }

    @Test
    void theHarnessIsDeterministicForASeed() {
        assertThat(AttackSimulation.run(42)).isEqualTo(AttackSimulation.run(42));
    }

    @Test
    void aPairCountsOneRatingPer30DaysAndAHandfulOfRatingsCannotMakeOrBreakAnyone() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Rating> ratings = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            ratings.add(new Rating("A", "B", 1, t.plusSeconds(d * 86_400L)));
        }
        assertThat(PeerAggregation.pairLimited(ratings)).hasSize(1);
        var settings = new PeerAggregation.Settings(3.5, 5.0, 0.15, Set.of("A"));
        double rating = PeerAggregation.aggregate(ratings, settings).get("B").rating();
        assertThat(rating).as("one 1-star rating against a prior of 3.5 weighing 5 raters").isGreaterThan(3.0);
        assertThatThrownBy(() -> new Rating("A", "A", 5, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rating("A", "B", 6, t)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noRaterCarriesMoreThanTenPercentOfTheWeight() {
        double[] w = {50, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        PeerAggregation.capShares(w, 5);
        double total = 5;
        for (double x : w) {
            total += x;
        }
        for (double x : w) {
            assertThat(x).isLessThanOrEqualTo(0.1 * total + 1e-9);
        }
    }
}
