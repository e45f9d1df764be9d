package io.credence.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.engine.Engine;
import io.credence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportServiceTest {
    /** The article's rulebook takes reports ("anyone can tag someone"), five a day per reporter. */
    private static final String TAG = "tagged_untrustworthy";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
    Engine engine;
    ReportService reports;

    @BeforeEach
    void setUp() throws IOException {
        engine = Engine.open(dir, true, clock);
        engine.publish(Files.readString(Path.of("..", "examples", "article.yaml")), "test");
        reports = new ReportService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Report file(String reporter, String subject) {
        return reports.file(reporter, subject, TAG, "2026-03-01T12:00:00Z", "spat on the pavement", "photo-1");
    }

    @Test
    void manyReportsMoveNoStandingUntilOneIsAccepted() {
        for (int i = 0; i < 40; i++) {
            file("R-" + i, "P-1");
        }
        assertThat(reports.list(Report.Status.PENDING)).hasSize(40);
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(1000);
        assertThat(engine.ledger().eventCount()).isZero();
        Report first = reports.list(Report.Status.PENDING).get(0);
        Report accepted = reports.decide(first.id(), "accepted", "two witnesses confirm", "reviewer:alice");
        assertThat(accepted.status()).isEqualTo(Report.Status.ACCEPTED);
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(980);
        var event = engine.history("P-1").events().get(0);
        assertThat(event.source()).isEqualTo("reports");
        assertThat(event.data()).containsEntry("reviewer", "reviewer:alice").doesNotContainKey("reporter");
        assertThat(ReportService.json(accepted, false)).doesNotContainKey("reporter");
        assertThatThrownBy(() -> reports.decide(first.id(), "rejected", "again", "reviewer:bob"))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("decided already");
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void aReporterMayFileTheDailyLimitAndNoMore() {
        for (int i = 0; i < 5; i++) {
            file("R-1", "P-" + i);
        }
        assertThatThrownBy(() -> file("R-1", "P-9")).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("daily limit reached: 5");
        clock.advance(Duration.ofDays(1));
        assertThat(file("R-1", "P-9").status()).isEqualTo(Report.Status.PENDING);
    }

    @Test
    void theSameReportAgainWithinThirtyDaysIsRefused() {
        file("R-1", "P-1");
        clock.advance(Duration.ofDays(29));
        assertThatThrownBy(() -> file("R-1", "P-1")).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("within the last 30 days");
        clock.advance(Duration.ofDays(2));
        assertThat(file("R-1", "P-1").subject()).isEqualTo("P-1");
    }

    @Test
    void aReporterWhoseReportsAreMostlyRejectedMayFileOneAWeek() {
        for (int i = 0; i < 10; i++) {
            Report r = file("R-1", "P-" + i);
            reports.decide(r.id(), i < 3 ? "accepted" : "rejected", "checked", "reviewer:alice");
            clock.advance(Duration.ofDays(1));
        }
        assertThatThrownBy(() -> file("R-1", "Q-0")).as("filed a day ago").isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("one report a week");
        clock.advance(Duration.ofDays(6));
        file("R-1", "Q-1");
        clock.advance(Duration.ofDays(6));
        assertThatThrownBy(() -> file("R-1", "Q-2")).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("one report a week");
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(file("R-1", "Q-2").status()).isEqualTo(Report.Status.PENDING);
    }

    @Test
    void reportsAboutOneselfOrOfTypesThatTakeNoReportsAreRefused() {
        assertThatThrownBy(() -> file("P-1", "P-1")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("about oneself");
        assertThatThrownBy(() -> reports.file("R-1", "P-1", "tax_evasion", "2026-03-01T00:00:00Z", "x", null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not accept reports");
        assertThatThrownBy(() -> reports.file("R-1", "P-1", "treason", "2026-03-01T00:00:00Z", "x", null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not an event type");
        assertThatThrownBy(() -> reports.file("R-1", "P-1", TAG, "soon", "x", null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("RFC 3339");
        Report r = file("R-1", "P-1");
        assertThatThrownBy(() -> reports.decide(r.id(), "maybe", "x", "rev")).isInstanceOf(BadInputException.class);
        assertThat(reports.get(r.id()).status()).isEqualTo(Report.Status.PENDING);
    }
}
