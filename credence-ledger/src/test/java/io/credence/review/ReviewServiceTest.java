package io.credence.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.decision.Decision;
import io.credence.engine.Engine;
import io.credence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ticket counter: denied, asks for review, a reviewer grants an override until a date. */
class ReviewServiceTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
    Engine engine;
    ReviewService reviews;

    @BeforeEach
    void setUp() throws IOException {
        engine = Engine.open(dir, true, clock);
        engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
        engine.ingest(List.of("{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"judgment_unfulfilled\","
                + "\"at\":\"2026-03-01T00:00:00Z\",\"data\":{\"case\":\"K\"}}").iterator(), n -> { });
        reviews = new ReviewService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void anOverrideAllowsThatDomainUntilItsDateAndNoOther() {
        Decision denied = engine.check("P-1", "air-travel", clock.instant(), "provider:airline");
        assertThat(denied.allowed()).isFalse();
        reviews.request("P-1", denied.id(), "I am a journalist travelling to report; the judgment is under appeal");
        assertThat(reviews.list(true)).hasSize(1);
        reviews.resolve(denied.id(), "granted", "appeal pending; travel is for work", "2026-04-01T00:00:00Z",
                "reviewer:alice");
        Decision allowed = engine.check("P-1", "air-travel", clock.instant(), "provider:airline");
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reasons()).containsExactly("granted on review");
        assertThat(engine.check("P-1", "high-speed-rail", clock.instant(), "rail").allowed()).isFalse();
        clock.set("2026-04-01T00:00:00Z");
        assertThat(engine.check("P-1", "air-travel", clock.instant(), "provider:airline").allowed()).isFalse();
        assertThat(reviews.list(true)).isEmpty();
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void reviewsAreForOnesOwnDenialsOnceAndResolvedOnce() {
        Decision denied = engine.check("P-1", "air-travel", clock.instant(), "provider:airline");
        Decision allowed = engine.check("P-2", "air-travel", clock.instant(), "provider:airline");
        assertThatThrownBy(() -> reviews.request("P-2", denied.id(), "x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> reviews.request("P-2", allowed.id(), "x")).isInstanceOf(InvalidStateException.class);
        reviews.request("P-1", denied.id(), "please look");
        assertThatThrownBy(() -> reviews.request("P-1", denied.id(), "again")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> reviews.resolve(denied.id(), "granted", "ok", "2026-01-01T00:00:00Z", "r"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("future");
        assertThatThrownBy(() -> reviews.resolve(denied.id(), "granted", "ok", null, "r"))
                .isInstanceOf(BadInputException.class);
        reviews.resolve(denied.id(), "declined", "the judgment stands", null, "reviewer:bob");
        assertThatThrownBy(() -> reviews.resolve(denied.id(), "granted", "ok", "2026-09-01T00:00:00Z", "r"))
                .isInstanceOf(InvalidStateException.class);
        clock.advance(Duration.ofDays(1));
        assertThat(engine.check("P-1", "air-travel", clock.instant(), "provider:airline").allowed()).isFalse();
    }
}
