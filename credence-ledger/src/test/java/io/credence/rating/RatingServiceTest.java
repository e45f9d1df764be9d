package io.credence.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.engine.Engine;
import io.credence.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingServiceTest {


    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
    Engine engine;
    RatingService ratings;

    @BeforeEach
    void setUp() throws java.io.IOException {
        engine = Engine.open(dir, true, clock);
        // examples/nosedive.yaml, with prior_weight 2 so that three pre-trusted raters can move D.
        engine.publish(java.nio.file.Files.readString(Path.of("..", "examples", "nosedive.yaml"))
                .replace("prior_weight: 5", "prior_weight: 2"), "test");
        ratings = new RatingService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void ratingsAreSealedUntilBothRatedOrTheWindowClosesAndCountOnce() {
        String ride = ratings.interaction("rides", "r1", List.of("A", "D"), "2026-03-01T12:00:00Z", "ride");
        ratings.rate("A", ride, 5, "smooth ride");
        assertThat(ratings.of("D").get("sealed")).isEqualTo(1);
        assertThat((List<?>) ratings.of("D").get("ratings")).isEmpty();
        ratings.rate("D", ride, 4, null);
        assertThat((List<?>) ratings.of("D").get("ratings")).hasSize(1);
        assertThatThrownBy(() -> ratings.rate("A", ride, 1, "changed my mind")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> ratings.rate("X", ride, 3, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ratings.rate("A", "rides/none", 3, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ratings.rate("A", ride, 6, null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ratings.rate("A", ride, 2.5, null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ratings.interaction("rides", "r2", List.of("A", "A"), "2026-03-01T12:00:00Z", "ride"))
                .isInstanceOf(BadInputException.class);
        String late = ratings.interaction("rides", "r3", List.of("B", "D"), "2026-03-01T12:00:00Z", "ride");
        clock.advance(Duration.ofDays(14));
        assertThatThrownBy(() -> ratings.rate("B", late, 5, null)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("closed");
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void computePublishesPeerStandingsThatTheRulebookScores() {
        for (String[] pair : new String[][] {{"A", "D"}, {"B", "D"}, {"C", "D"}, {"A", "B"}, {"B", "C"}}) {
            String ref = ratings.interaction("rides", pair[0] + pair[1], List.of(pair[0], pair[1]),
                    "2026-03-01T12:00:00Z", "ride");
            ratings.rate(pair[0], ref, 5, null);
            ratings.rate(pair[1], ref, 5, null);
        }
        assertThat(ratings.compute(clock.instant())).isEqualTo(4);
        Map<String, Object> d = ratings.of("D");
        @SuppressWarnings("unchecked")
        Map<String, Object> aggregate = (Map<String, Object>) d.get("aggregate");
        assertThat((Double) aggregate.get("rating")).isBetween(3.5, 5.0);
        assertThat(engine.standing("D", clock.instant()).score()).isGreaterThan(1000);
        clock.advance(Duration.ofDays(1));
        ratings.compute(clock.instant());
        assertThat(engine.standing("D", clock.instant()).contributions()).hasSize(1); // supersede: the latest only
    }
}
