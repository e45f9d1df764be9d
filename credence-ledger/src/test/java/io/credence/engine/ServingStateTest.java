package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.decision.Decision;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import io.credence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions answered from kept standings must be the ones a fresh evaluation gives: after a write
 * through this engine, at the instant a listing or contribution ends, after another process writes
 * to the same store, and when a write lands while a standing is being read. Real SQLite files.
 */
class ServingStateTest {
    @TempDir
    Path dir;
    String civic;
    MutableClock clock;

    @BeforeEach
    void read() throws IOException {
        civic = Files.readString(Path.of("..", "examples", "civic-points.yaml"));
        clock = new MutableClock("2026-01-01T00:00:00Z");
    }

    private static String judgment(String id, String subject, String at) {
        return "{\"id\":\"" + id + "\",\"source\":\"court\",\"subject\":\"" + subject + "\",\"type\":"
                + "\"judgment_unfulfilled\",\"at\":\"" + at + "\",\"data\":{\"case\":\"K-" + id + "\"}}";
    }

    private Decision check(Engine engine, String subject) {
        return engine.check(subject, "air-travel", clock.instant(), "provider:test");
    }

    @Test
    void aDecisionComesFromMemoryUntilAWriteTouchesTheSubject() {
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(civic, "test");
            assertThat(check(engine, "P-1").allowed()).isTrue();
            assertThat(check(engine, "P-1").allowed()).isTrue();
            assertThat(engine.serving().misses()).isEqualTo(1);
            assertThat(engine.serving().hits()).isEqualTo(1);

            engine.ingest(List.of(judgment("j1", "P-1", "2025-12-01T00:00:00Z")).iterator(), n -> { });
            Decision denied = check(engine, "P-1");
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.lists()).containsExactly("judgment-defaulters");
            assertThat(engine.serving().misses()).isEqualTo(2);

            engine.retract(new io.credence.event.EventKey("court", "j1"), "entered in error", "test");
            assertThat(check(engine, "P-1").allowed()).isTrue();
            assertThat(engine.serving().misses()).isEqualTo(3);
        }
    }

    @Test
    void aKeptStandingEndsExactlyWhereTheListingEnds() {
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(civic, "test");
            engine.ingest(List.of(judgment("j1", "P-1", "2025-12-01T00:00:00Z")).iterator(), n -> { });
            assertThat(check(engine, "P-1").allowed()).isFalse();
            // The listing lasts two years at most: the last nanosecond before, still listed, from memory.
            clock.set("2027-11-30T23:59:59.999999999Z");
            assertThat(check(engine, "P-1").allowed()).isFalse();
            assertThat(engine.serving().hits()).isEqualTo(1);
            clock.set("2027-12-01T00:00:00Z");
            Decision after = check(engine, "P-1");
            assertThat(after.allowed()).isTrue();
            assertThat(after.lists()).isEmpty();
            assertThat(after.score()).as("the -50 lasts three years").isEqualTo(950);
        }
    }

    @Test
    void anotherProcessesWritesAreSeenAndTheChainStaysWhole() {
        try (Engine served = Engine.open(dir, true, clock)) {
            served.publish(civic, "test");
            assertThat(check(served, "P-1").allowed()).isTrue();
            KeyStore keys = new KeyStore(served.ledger());
            String key = keys.create(Role.parse("provider:airline:air-travel"), "airline", "test");
            assertThat(keys.authenticate(key)).isPresent();

            // A second store handle on the same files stands for another process (the CLI, say).
            try (Engine other = Engine.open(dir, false, clock)) {
                other.ingest(List.of(judgment("j1", "P-1", "2025-12-01T00:00:00Z")).iterator(), n -> { });
                other.publish(civic.replace("version: 1", "version: 2"), "test");
                new KeyStore(other.ledger()).revoke("airline", "test");
            }
            // Nothing asked meanwhile: the store's poll alone drops what was kept.
            waitFor(() -> served.serving().size() == 0 && served.requireRulebook().version() == 2);
            Decision denied = check(served, "P-1");
            assertThat(denied.lists()).containsExactly("judgment-defaulters");
            assertThat(denied.rulebook().version()).as("the newer rulebook is taken up").isEqualTo(2);
            assertThat(keys.authenticate(key)).as("revoked elsewhere").isEmpty();

            // Both handles appended to one chain: it verifies from either.
            served.ingest(List.of(judgment("j2", "P-2", "2025-12-01T00:00:00Z")).iterator(), n -> { });
            assertThat(served.verify().intact()).isTrue();
        }
        try (Engine reopened = Engine.open(dir, false, clock)) {
            assertThat(reopened.verify().intact()).isTrue();
            assertThat(reopened.ledger().eventCount()).isEqualTo(2);
        }
    }

    @Test
    void anotherProcessesIngestDropsOnlyTheSubjectsItWroteAbout() {
        try (Engine served = Engine.open(dir, true, clock)) {
            served.publish(civic, "test");
            assertThat(check(served, "P-1").allowed()).isTrue();
            assertThat(check(served, "P-2").allowed()).isTrue();
            assertThat(served.serving().size()).isEqualTo(2);
            try (Engine other = Engine.open(dir, false, clock)) {
                other.ingest(List.of(judgment("j1", "P-1", "2025-12-01T00:00:00Z")).iterator(), n -> { });
            }
            waitFor(() -> served.serving().size() == 1);
            long hits = served.serving().hits();
            assertThat(check(served, "P-2").allowed()).isTrue();
            assertThat(served.serving().hits()).as("P-2 is still answered from memory").isEqualTo(hits + 1);
            assertThat(check(served, "P-1").lists()).containsExactly("judgment-defaulters");
            assertThat(served.serving().hits()).as("P-1 was read again").isEqualTo(hits + 1);
        }
    }

    @Test
    void aStandingReadBeforeAWriteIsNotKept() {
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(civic, "test");
            ServingState[] state = new ServingState[1];
            // The write lands while the history is being read: what was read may be out of date.
            state[0] = new ServingState(engine::requireRulebook, subject -> {
                var history = engine.history(subject);
                state[0].invalidate(Set.of(subject));
                return history;
            }, clock);
            state[0].decide("P-1", "air-travel", clock.instant(), "d-1");
            state[0].decide("P-1", "air-travel", clock.instant(), "d-2");
            assertThat(state[0].misses()).isEqualTo(2);
            assertThat(state[0].size()).isZero();

            ServingState cleared = new ServingState(engine::requireRulebook, engine::history, clock);
            cleared.decide("P-1", "air-travel", clock.instant(), "d-3");
            assertThat(cleared.size()).isEqualTo(1);
            cleared.clear();
            assertThat(cleared.size()).isZero();
            cleared.decide("P-1", "air-travel", clock.instant(), "d-4");
            assertThat(cleared.misses()).isEqualTo(2);
        }
    }

    @Test
    void loadingKeepsEveryoneAndDecidesAsAFreshEvaluationWould() {
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(civic, "test");
            engine.ingest(List.of(judgment("j1", "P-1", "2025-12-01T00:00:00Z"),
                    judgment("j2", "P-2", "2022-12-01T00:00:00Z")).iterator(), n -> { });
            assertThat(engine.serving().loaded()).isFalse();
            engine.loadServingState();
            assertThat(engine.serving().loaded()).as("what /health reports as standings: loaded").isTrue();
            assertThat(engine.serving().size()).isEqualTo(2);
            Instant now = clock.instant();
            for (String subject : List.of("P-1", "P-2")) {
                Decision kept = check(engine, subject);
                Decision fresh = io.credence.decision.DecisionEvaluator.decide(engine.requireRulebook(),
                        engine.standing(subject, now), "air-travel", kept.id());
                assertThat(kept).isEqualTo(fresh);
            }
            assertThat(engine.serving().misses()).isZero();
            engine.publish(civic.replace("version: 1", "version: 2"), "test");
            assertThat(engine.serving().loaded()).as("a new rulebook empties the state").isFalse();
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("not seen within 5 s").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
