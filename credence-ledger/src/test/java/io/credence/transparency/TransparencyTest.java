package io.credence.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparencyTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void countsAreAggregatedPerMonthAndSmallOnesSuppressed() throws IOException {
        MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml"))
                    + "process:\n  dispute_deadline: P30D\n", "test");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                lines.add("{\"id\":\"t" + i + "\",\"source\":\"traffic-police\",\"subject\":\"P-" + i
                        + "\",\"type\":\"traffic_ticket\",\"at\":\"2026-02-0" + (i + 1) + "T00:00:00Z\"}");
            }
            lines.add("{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"judgment_unfulfilled\","
                    + "\"at\":\"2026-02-10T00:00:00Z\",\"data\":{\"case\":\"K\"}}");
            engine.ingest(lines.iterator(), n -> { });
            DisputeService disputes = new DisputeService(engine);
            for (int i = 0; i < 6; i++) {
                var d = disputes.open("P-" + i, new EventKey("traffic-police", "t" + i), "not me");
                clock.advance(Duration.ofDays(2));
                disputes.resolve(d.id(), i < 5 ? "upheld" : "overturned", "checked", "reviewer:alice");
            }
            Map<String, Object> report = Transparency.report(engine);
            Map<String, Object> months = (Map<String, Object>) report.get("months");
            Map<String, Object> february = (Map<String, Object>) months.get("2026-02");
            assertThat(february).containsEntry("events.traffic", 7L).containsEntry("events.judicial", "<5")
                    .containsEntry("lists.judgment-defaulters.entries", "<5");
            Map<String, Object> march = (Map<String, Object>) months.get("2026-03");
            assertThat(march).containsEntry("disputes.opened", 6L).containsEntry("disputes.upheld", 5L)
                    .containsEntry("disputes.overturned", "<5").containsEntry("disputes.median_days_to_resolution", 2.0);
            assertThat(report.toString()).doesNotContain("P-1");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listExitsAreCountedWhenALeaveLiftsThemOrTheirMaximumRunsOut() throws IOException {
        MutableClock clock = new MutableClock("2029-06-01T00:00:00Z");
        try (Engine engine = Engine.open(dir, true, clock)) {
            engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lines.add("{\"id\":\"j" + i + "\",\"source\":\"court\",\"subject\":\"P-" + i
                        + "\",\"type\":\"judgment_unfulfilled\",\"at\":\"2026-01-0" + (i + 1) + "T00:00:00Z\","
                        + "\"data\":{\"case\":\"K" + i + "\"}}");
            }
            for (int i = 0; i < 5; i++) { // five paid in March; one never, so its listing ends at P2Y
                lines.add("{\"id\":\"p" + i + "\",\"source\":\"court\",\"subject\":\"P-" + i
                        + "\",\"type\":\"judgment_fulfilled\",\"at\":\"2026-03-0" + (i + 1) + "T00:00:00Z\","
                        + "\"data\":{\"case\":\"K" + i + "\"}}");
            }
            lines.add("{\"id\":\"x\",\"source\":\"court\",\"subject\":\"P-9\",\"type\":\"judgment_fulfilled\","
                    + "\"at\":\"2026-03-09T00:00:00Z\",\"data\":{\"case\":\"none\"}}"); // lifts nothing
            engine.ingest(lines.iterator(), n -> { });
            Map<String, Object> months = (Map<String, Object>) Transparency.report(engine).get("months");
            assertThat((Map<String, Object>) months.get("2026-01")).containsEntry("lists.judgment-defaulters.entries", 6L);
            assertThat((Map<String, Object>) months.get("2026-03")).containsEntry("lists.judgment-defaulters.exits", 5L);
            assertThat((Map<String, Object>) months.get("2028-01")).containsEntry("lists.judgment-defaulters.exits", "<5");
        }
    }
}
