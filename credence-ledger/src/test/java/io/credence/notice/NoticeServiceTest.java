package io.credence.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.report.ReportService;
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

/** The inbox under the article's rulebook, whose listings take effect fourteen days after recording. */
class NoticeServiceTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
    Engine engine;
    NoticeService notices;

    @BeforeEach
    void setUp() throws IOException {
        engine = Engine.open(dir, true, clock);
        engine.publish(Files.readString(Path.of("..", "examples", "article.yaml")), "test");
        notices = new NoticeService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private void ingest(String... lines) {
        assertThat(engine.ingest(List.of(lines).iterator(), n -> { }).rejected()).isZero();
    }

    private List<String> kinds(String subject) {
        return notices.inbox(subject).stream().map(Notice::kind).toList();
    }

    @Test
    void aListingIsNoticedWithTheDateItTakesEffectAndDecisionsWaitForIt() {
        ingest("{\"id\":\"f1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"fraud\",\"at\":\"2026-03-01T00:00:00Z\","
                + "\"data\":{\"case\":\"C1\"}}");
        List<Notice> fresh = notices.refresh("P-1");
        assertThat(fresh).extracting(Notice::kind).containsExactly("listed", "tier-changed");
        Notice listed = fresh.get(0);
        assertThat(listed.details()).containsEntry("effective_from", "2026-03-16T10:00:00Z")
                .containsEntry("list", "untrustworthy-fraud");
        assertThat(listed.text()).contains("affects decisions from 2026-03-16T10:00:00Z").contains("debt_settled")
                .contains("dispute");
        assertThat(notices.refresh("P-1")).as("nothing new").isEmpty();

        assertThat(engine.standing("P-1", clock.instant()).effectiveLists()).isEmpty();
        assertThat(engine.check("P-1", "flights", clock.instant(), "provider:airline").allowed()).isTrue();
        clock.advance(Duration.ofDays(14));
        assertThat(engine.check("P-1", "flights", clock.instant(), "provider:airline").allowed()).isFalse();
        assertThat(kinds("P-1")).containsExactly("listed", "tier-changed", "decision-denied");
        assertThat(notices.inbox("P-1").get(2).text()).contains("asked by provider:airline")
                .contains("untrustworthy").contains("human review");
    }

    @Test
    void settlingTheDebtIsNoticedAsADelisting() {
        ingest("{\"id\":\"f1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"fraud\",\"at\":\"2026-03-01T00:00:00Z\","
                + "\"data\":{\"case\":\"C1\"}}");
        notices.refresh("P-1");
        ingest("{\"id\":\"s1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"debt_settled\",\"at\":\"2026-03-02T00:00:00Z\","
                + "\"data\":{\"case\":\"C1\"}}");
        assertThat(notices.refresh("P-1")).extracting(Notice::kind).containsExactly("delisted");
    }

    @Test
    void disputeAndReportOutcomesReachTheInbox() {
        ingest("{\"id\":\"t1\",\"source\":\"tax-office\",\"subject\":\"P-1\",\"type\":\"tax_evasion\",\"at\":\"2026-03-01T00:00:00Z\","
                + "\"data\":{\"case\":\"T1\"}}");
        DisputeService disputes = new DisputeService(engine);
        var d = disputes.open("P-1", new EventKey("tax-office", "t1"), "my accountant filed on time");
        disputes.resolve(d.id(), "overturned", "the filing was on time", "reviewer:alice");
        assertThat(kinds("P-1")).contains("dispute-resolved");
        ReportService reports = new ReportService(engine);
        var r = reports.file("R-1", "P-1", "tagged_untrustworthy", "2026-03-01T12:00:00Z", "rude to staff", null);
        reports.decide(r.id(), "accepted", "staff confirm", "reviewer:bob");
        assertThat(kinds("P-1")).contains("report-decided");
        assertThat(notices.inbox("P-1").stream().filter(n -> n.kind().equals("report-decided")).findFirst()
                .orElseThrow().text()).doesNotContain("R-1");
        assertThat(kinds("R-1")).containsExactly("report-decided");
        assertThat(engine.verify().intact()).isTrue();
    }
}
