package io.credence.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.standing.Effect;
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

/** A dispute driven to each outcome on an injected clock; standing, decision and ledger checked after each step. */
class DisputeServiceTest {
    private static final EventKey JUDGMENT = new EventKey("court", "j1");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock("2026-01-10T00:00:00Z");
    Engine engine;
    DisputeService disputes;

    @BeforeEach
    void setUp() throws IOException {
        engine = Engine.open(dir, true, clock);
        engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml"))
                + "process:\n  dispute_deadline: P30D\n", "test");
        engine.ingest(List.of(
                "{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"judgment_unfulfilled\",\"at\":\"2026-01-02T00:00:00Z\",\"data\":{\"case\":\"K1\"}}",
                "{\"id\":\"j2\",\"source\":\"court\",\"subject\":\"P-2\",\"type\":\"judgment_unfulfilled\",\"at\":\"2026-01-02T00:00:00Z\",\"data\":{\"case\":\"K2\"}}")
                .iterator(), n -> { });
        disputes = new DisputeService(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private List<String> noticeKinds() {
        return new io.credence.notice.NoticeService(engine).inbox("P-1").stream().map(n -> n.kind()).toList();
    }

    @SuppressWarnings("unchecked")
    private Object transparency(String key) {
        return transparency("2026-01", key);
    }

    @SuppressWarnings("unchecked")
    private Object transparency(String month, String key) {
        var months = (java.util.Map<String, Object>) io.credence.transparency.Transparency.report(engine).get("months");
        return ((java.util.Map<String, Object>) months.getOrDefault(month, java.util.Map.of())).get(key);
    }

    private boolean mayFly() {
        return engine.check("P-1", "air-travel", clock.instant(), "test").allowed();
    }

    @Test
    void anOpenDisputeChangesNothingButIsQueuedByDeadline() {
        Dispute d = disputes.open("P-1", JUDGMENT, "I paid this judgment in December");
        assertThat(d.deadline()).isEqualTo("2026-02-09T00:00:00Z");
        assertThat(disputes.list(Dispute.Status.OPEN)).extracting(Dispute::id).containsExactly(d.id());
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(950);
        assertThat(mayFly()).isFalse();
        assertThat(disputes.openDisputes("P-1")).containsOnlyKeys(JUDGMENT);
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void overturnedRetractsTheEventWithTheReviewerAndReason() {
        Dispute d = disputes.open("P-1", JUDGMENT, "I paid this judgment in December");
        clock.advance(Duration.ofDays(3));
        Dispute resolved = disputes.resolve(d.id(), "overturned", "the court confirms payment on 2025-12-20",
                "reviewer:alice");
        assertThat(resolved.status()).isEqualTo(Dispute.Status.OVERTURNED);
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(1000);
        assertThat(engine.standing("P-1", clock.instant()).lists()).isEmpty();
        assertThat(mayFly()).isTrue();
        var outcome = engine.explain("P-1", clock.instant()).events().get(0);
        assertThat(outcome.effect()).isEqualTo(Effect.RETRACTED);
        assertThat(outcome.retraction().by()).isEqualTo("reviewer:alice");
        assertThat(outcome.retraction().reason()).contains("overturned").contains("confirms payment");
        assertThat(disputes.list(Dispute.Status.OPEN)).isEmpty();
        assertThat(noticeKinds()).contains("dispute-resolved");
        assertThat(transparency("disputes.opened")).isEqualTo("<5");
        assertThat(transparency("disputes.overturned")).isEqualTo("<5");
        assertThat(transparency("disputes.upheld")).isNull();
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void upheldKeepsTheEventAndASecondResolutionIsRefused() {
        Dispute d = disputes.open("P-1", JUDGMENT, "not mine");
        disputes.resolve(d.id(), "upheld", "the court record names P-1", "reviewer:bob");
        assertThat(engine.standing("P-1", clock.instant()).score()).isEqualTo(950);
        assertThat(mayFly()).isFalse();
        assertThatThrownBy(() -> disputes.resolve(d.id(), "overturned", "changed my mind", "reviewer:bob"))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("closed already (upheld)");
        assertThat(engine.ledger().records(DisputeService.RESOLUTION, "P-1")).hasSize(1);
        assertThat(noticeKinds()).containsExactly("dispute-resolved", "decision-denied");
        assertThat(transparency("disputes.upheld")).isEqualTo("<5");
    }

    @Test
    void anUnresolvedDisputeExpiresAtItsDeadlineAndTheEventIsRetracted() {
        Dispute d = disputes.open("P-1", JUDGMENT, "never heard of this case");
        clock.set("2026-02-08T23:59:59Z");
        assertThat(disputes.expireDue()).isEmpty();
        assertThat(mayFly()).isFalse();
        clock.set("2026-02-09T00:00:00Z");
        assertThat(disputes.expireDue()).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(d.id()));
        assertThat(disputes.get(d.id()).status()).isEqualTo(Dispute.Status.EXPIRED);
        var retraction = engine.history("P-1").retractions().get(JUDGMENT);
        assertThat(retraction.by()).isEqualTo("deadline");
        assertThat(retraction.reason()).isEqualTo("not verified within the deadline");
        assertThat(mayFly()).isTrue();
        assertThat(noticeKinds()).contains("dispute-resolved");
        assertThat(transparency("2026-02", "disputes.expired")).isEqualTo("<5");
        assertThat(disputes.expireDue()).isEmpty();
        assertThat(engine.verify().intact()).isTrue();
    }

    @Test
    void badRequestsChangeNothing() {
        assertThatThrownBy(() -> disputes.open("P-1", new EventKey("court", "nope"), "x"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> disputes.open("P-1", new EventKey("court", "j2"), "not mine"))
                .as("another subject's event").isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> disputes.open("P-1", JUDGMENT, " ")).isInstanceOf(BadInputException.class);
        Dispute d = disputes.open("P-1", JUDGMENT, "wrong");
        assertThatThrownBy(() -> disputes.open("P-1", JUDGMENT, "again")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> disputes.resolve(d.id(), "maybe", "x", "r")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> disputes.resolve(d.id(), "upheld", "", "r")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> disputes.resolve("dsp-none", "upheld", "x", "r")).isInstanceOf(NotFoundException.class);
        assertThat(disputes.get(d.id()).status()).isEqualTo(Dispute.Status.OPEN);
        assertThat(engine.ledger().records(DisputeService.DISPUTE, null)).hasSize(1);
    }
}
