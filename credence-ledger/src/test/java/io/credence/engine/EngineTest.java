package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.decision.Decision;
import io.credence.ledger.StoredRecord;
import io.credence.rulebook.RulebookRejectedException;
import io.credence.simulation.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant T = CLOCK.instant();

    @TempDir
    Path dir;
    String civic;

    @BeforeEach
    void read() throws IOException {
        civic = Files.readString(Path.of("..", "examples", "civic-points.yaml"));
    }

    @Test
    void nothingCanBeIngestedBeforeARulebookIsPublished() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            assertThatThrownBy(() -> engine.ingest(List.of("{}").iterator(), n -> { }))
                    .isInstanceOf(Engine.NoRulebookException.class).hasMessageContaining("publish");
        }
    }

    @Test
    void eachRejectedLineIsReportedWithItsNumberAndTheRestIsKept() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            engine.publish(civic, "test");
            List<String> lines = List.of(
                    "{\"id\":\"t1\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-01-01T00:00:00Z\"}",
                    "not json",
                    "",
                    "{\"id\":\"t2\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-01-01T00:00:00Z\"}",
                    "{\"id\":\"t3\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"speeding\",\"at\":\"2025-01-01T00:00:00Z\"}",
                    "{\"id\":\"t4\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-01-01\"}",
                    "{\"id\":\"v1\",\"source\":\"community-office\",\"subject\":\"P-1\",\"type\":\"volunteer_service\",\"at\":\"2025-01-01T00:00:00Z\",\"data\":{\"minutes\":3}}",
                    "{\"id\":\"t5\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-01-02T00:00:00Z\",\"extra\":1}",
                    "{\"id\":\"t6\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-01-03T00:00:00Z\"}");
            IngestReport report = engine.ingest(lines.iterator(), n -> { });
            assertThat(report.accepted()).isEqualTo(2);
            assertThat(report.rejected()).isEqualTo(6);
            assertThat(report.errors()).extracting(IngestReport.LineError::line).containsExactly(2L, 4L, 5L, 6L, 7L, 8L);
            assertThat(report.errors().get(0).error()).contains("not valid JSON");
            assertThat(report.errors().get(1).error()).startsWith("source:").contains("may not report traffic_ticket");
            assertThat(report.errors().get(2).error()).startsWith("type:").contains("speeding");
            assertThat(report.errors().get(3).error()).startsWith("at:").contains("RFC 3339");
            assertThat(report.errors().get(4).error()).startsWith("data:").contains("hours");
            assertThat(report.errors().get(5).error()).startsWith("extra:").contains("unknown field");
            assertThat(engine.ledger().eventCount()).isEqualTo(2);
        }
    }

    @Test
    void aDecisionIsRecordedWithWhatItWasDerivedFrom() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            engine.publish(civic, "test");
            engine.ingest(List.of("{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":"
                    + "\"judgment_unfulfilled\",\"at\":\"2025-06-01T00:00:00Z\",\"data\":{\"case\":\"K\"}}").iterator(),
                    n -> { });
            Decision d = engine.check("P-1", "air-travel", T, "provider:airline");
            assertThat(d.allowed()).isFalse();
            StoredRecord record = engine.ledger().record("decision", d.id()).orElseThrow();
            assertThat(record.actor()).isEqualTo("provider:airline");
            assertThat(record.body()).contains("\"score\":950").contains("judgment-defaulters")
                    .contains("\"version\":1");
            assertThat(engine.verify().intact()).isTrue();
        }
    }

    @Test
    void privateSchoolEnrolmentIsJudgedOnTheParentsOwnStandingOnly() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            engine.publish(civic, "test");
            engine.ingest(List.of("{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"PARENT-B\",\"type\":"
                    + "\"judgment_unfulfilled\",\"at\":\"2025-06-01T00:00:00Z\",\"data\":{\"case\":\"K\"}}").iterator(),
                    n -> { });
            assertThat(engine.check("PARENT-A", "private-school-enrolment", T, "school").allowed()).isTrue();
            assertThat(engine.check("PARENT-B", "private-school-enrolment", T, "school").allowed()).isFalse();
        }
    }

    @Test
    void aRefusedRulebookPublishesNothing() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            engine.publish(civic, "test");
            assertThatThrownBy(() -> engine.publish(civic, "test")).isInstanceOf(RulebookRejectedException.class)
                    .satisfies(e -> assertThat(((RulebookRejectedException) e).problems())
                            .anySatisfy(p -> assertThat(p.path()).isEqualTo("version")));
            assertThat(engine.ledger().rulebooks()).hasSize(1);
        }
    }

    @Test
    void simulationReportsTheEffectWithoutPublishing() {
        try (Engine engine = Engine.open(dir, true, CLOCK)) {
            engine.publish(civic, "test");
            engine.ingest(List.of(
                    "{\"id\":\"t1\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-06-01T00:00:00Z\"}",
                    "{\"id\":\"h1\",\"source\":\"community-office\",\"subject\":\"P-2\",\"type\":\"heroic_act\",\"at\":\"2025-06-01T00:00:00Z\"}")
                    .iterator(), n -> { });
            String candidate = civic.replace("version: 1", "version: 2").replace("points: -5", "points: -500");
            Simulation.Report report = engine.simulate(candidate, T, n -> { });
            assertThat(report.subjects()).isEqualTo(2);
            assertThat(report.scoresChanged()).isEqualTo(1);
            assertThat(report.largestMoves()).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("P-1");
                assertThat(m.delta()).isEqualTo(-15);
            });
            assertThat(report.transitions().get("A")).containsEntry("A", 1L); // the yearly cap holds -500 to -20
            assertThat(report.domains().get("mortgage").nowDenied()).isZero();
            assertThat(engine.requireRulebook().version()).isEqualTo(1);
        }
    }

    /** Seeded: the decisions' subject check, without a regex, accepts exactly what the spec's pattern does. */
    @Test
    void subjectIdsAreCheckedAsTheirPatternSays() {
        long seed = Long.getLong("credence.seed", System.nanoTime());
        System.out.println("subjectIdsAreCheckedAsTheirPatternSays seed=" + seed + " (rerun with -Dcredence.seed=" + seed
                + ")");
        java.util.Random random = new java.util.Random(seed);
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
        String chars = "aZz09._:-/ \u00e9\u0000@[`{";
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder subject = new StringBuilder();
            for (int i = random.nextInt(random.nextBoolean() ? 4 : 70); i > 0; i--) {
                subject.append(chars.charAt(random.nextInt(random.nextInt(10) == 0 ? chars.length() : 9)));
            }
            boolean valid = pattern.matcher(subject).matches();
            accepted += valid ? 1 : 0;
            boolean checked;
            try {
                Engine.checkSubject(subject.toString());
                checked = true;
            } catch (io.credence.BadInputException e) {
                checked = false;
            }
            assertThat(checked).as("seed %d: \"%s\"", seed, subject).isEqualTo(valid);
        }
        assertThat(accepted).as("seed %d: both kinds were tried", seed).isBetween(1_000, 19_000);
        assertThatThrownBy(() -> Engine.checkSubject(null)).isInstanceOf(io.credence.BadInputException.class);
    }
}
