package io.credence.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.InvalidStateException;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairServiceTest {
    private static final EventKey BREACH = new EventKey("bank", "b1");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2025-06-01T00:00:00Z");
    Engine engine;
    RepairService repairs;

    @BeforeEach
    void setUp() throws IOException {
        engine = Engine.open(dir, true, clock);
        engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
        engine.ingest(List.of("{\"id\":\"b1\",\"source\":\"bank\",\"subject\":\"P-1\",\"type\":\"contract_breach\","
                + "\"at\":\"2025-01-01T00:00:00Z\"}").iterator(), n -> { });
        repairs = new RepairService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void anApprovedRepairEndsTheContributionFromThenOnAndLeavesHistoryAlone() {
        assertThatThrownBy(() -> repairs.request("P-1", BREACH)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("may be asked from 2026-01-01T00:00:00Z");
        clock.set("2026-03-01T00:00:00Z");
        var asked = repairs.request("P-1", BREACH);
        assertThatThrownBy(() -> repairs.request("P-1", BREACH)).isInstanceOf(InvalidStateException.class);
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(980);
        repairs.decide((String) asked.get("id"), "approved", "fourteen months without arrears", "reviewer:alice");
        clock.set("2026-03-02T00:00:00Z");
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(1000);
        assertThat(engine.standing("P-1", Instant.parse("2026-02-01T00:00:00Z")).score()).as("before R").isEqualTo(980);
        long[] scored = {0};
        engine.scores(clock.instant(), s -> scored[0] = s.score());
        assertThat(scored[0]).as("scores sees repairs too").isEqualTo(1000);
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void aNewerEventOfTheSameCategoryBlocksRepair() {
        engine.ingest(List.of("{\"id\":\"a1\",\"source\":\"bank\",\"subject\":\"P-1\",\"type\":\"bank_arrears_month\","
                + "\"at\":\"2025-05-01T00:00:00Z\"}").iterator(), n -> { });
        clock.set("2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> repairs.request("P-1", BREACH)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("newer financial event");
        assertThatThrownBy(() -> repairs.request("P-1", new EventKey("bank", "nope")))
                .isInstanceOf(io.credence.NotFoundException.class);
    }
}
