package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as spec section 4 gives it: output shapes, exit codes, and no stack traces. */
class CliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SPEC_EVENTS = """
            {"id":"c-2024-0007","source":"court","subject":"P-1001","type":"judgment_unfulfilled","at":"2024-03-01T09:30:00Z","data":{"case":"2024-0007","amount":5000}}
            {"id":"v1","source":"community-office","subject":"P-1001","type":"volunteer_service","at":"2025-03-01T09:30:00Z","data":{"hours":7.5}}
            {"id":"v2","source":"community-office","subject":"P-1002","type":"volunteer_service","at":"2025-04-01T09:30:00Z","data":{}}
            not json
            {"id":"c-2024-0007","source":"court","subject":"P-1001","type":"judgment_unfulfilled","at":"2024-03-01T09:30:00Z","data":{"case":"2024-0007","amount":5000}}
            """;

    @TempDir
    Path dir;
    Path data;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        Run run = new Run(code, out.toString(), err.toString());
        assertThat(run.err()).as("no stack trace reaches a user").doesNotContain("\tat ").doesNotContain("Exception:");
        return run;
    }

    @BeforeEach
    void publishTheCivicRulebook() throws IOException {
        data = dir.resolve("store");
        Path rulebook = Path.of("..", "examples", "civic-points.yaml");
        assertThat(run("--data", data.toString(), "rulebook", "publish", rulebook.toString()).out())
                .contains("published civic-points v1");
        Files.writeString(dir.resolve("events.jsonl"), SPEC_EVENTS);
    }

    private Run ingest() {
        return run("ingest", dir.resolve("events.jsonl").toString(), "--data", data.toString());
    }

    @Test
    void theStartUpCacheTrainingRunsEveryEverydayCommandAndLeavesNothingBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<List<Path>> leftovers = () -> {
            try (var paths = Files.list(tmp)) {
                return paths.filter(p -> p.getFileName().toString().startsWith("credence-aot-training")).toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<Path> before = leftovers.get();
        Run run = run("aot-training");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(leftovers.get()).isEqualTo(before);
        assertThat(run("--help").out()).as("hidden from help").doesNotContain("aot-training");
    }

    @Test
    void helpListsEveryCommandAndAMisspeltOneGetsSuggestions() throws IOException {
        // Only the named command's model is built; help and mistakes still see them all.
        assertThat(run("--help").out()).contains("ingest", "score", "scores", "simulate", "serve", "disputes", "peers");
        assertThat(run("help", "ingest").out()).contains("Usage: credence ingest");
        Run misspelt = run("--data", data.toString(), "ingets", "events.jsonl");
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err()).contains("Unmatched argument").contains("Did you mean: credence ingest");
        ingest();
        Run score = run("--data", data.toString(), "score", "P-1001", "--at", "2026-01-01T00:00:00Z", "--json");
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(score.json().path("subject").asText()).isEqualTo("P-1001");
    }

    @Test
    void ingestPrintsTheSummaryAndExitsOneWhenALineWasRejected() throws IOException {
        Run run = ingest();
        assertThat(run.code()).isEqualTo(1);
        JsonNode summary = run.json();
        assertThat(summary.path("accepted").asInt()).isEqualTo(2);
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
        assertThat(summary.path("rejected").asInt()).isEqualTo(2);
        assertThat(summary.path("errors").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(summary.path("errors").get(0).path("error").asText()).startsWith("data:").contains("hours");
        assertThat(summary.path("errors").get(1).path("line").asInt()).isEqualTo(4);
        assertThat(run.out().trim().lines()).hasSize(1);
    }

    @Test
    void scoreJsonHasTheSpecShape() throws IOException {
        ingest();
        Run run = run("--data", data.toString(), "score", "P-1001", "--at", "2026-01-01T00:00:00Z", "--json");
        assertThat(run.code()).isZero();
        assertThat(run.json()).isEqualTo(MAPPER.readTree("""
                {"subject":"P-1001","at":"2026-01-01T00:00:00Z","score":964,"tier":"A",
                 "rulebook":{"name":"civic-points","version":1},"lists":["judgment-defaulters"],
                 "contributions":[
                  {"event":{"source":"court","id":"c-2024-0007"},"type":"judgment_unfulfilled",
                   "at":"2024-03-01T09:30:00Z","points":-50,"expires":"2027-03-01T09:30:00Z"},
                  {"event":{"source":"community-office","id":"v1"},"type":"volunteer_service",
                   "at":"2025-03-01T09:30:00Z","points":14,"expires":"2027-03-01T09:30:00Z"}]}"""));
    }

    @Test
    void dataMayStandBeforeOrAfterTheCommand() {
        ingest();
        Run before = run("--data", data.toString(), "score", "P-1001", "--at", "2026-01-01T00:00:00Z", "--json");
        Run after = run("score", "P-1001", "--json", "--at", "2026-01-01T00:00:00Z", "--data", data.toString());
        assertThat(after.out()).isEqualTo(before.out());
    }

    @Test
    void checkJsonHasTheSpecShapeAndTextModeGivesReasons() throws IOException {
        ingest();
        JsonNode d = run("--data", data.toString(), "check", "P-1001", "air-travel", "--at", "2026-01-01T00:00:00Z",
                "--json").json();
        List<String> fields = new ArrayList<>();
        d.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("decision", "subject", "domain", "at", "allowed", "reasons", "benefits",
                "score", "tier", "lists", "rulebook");
        assertThat(d.path("allowed").asBoolean()).isFalse();
        assertThat(d.path("reasons").get(0).asText()).startsWith("Listed as a judgment defaulter");
        Run text = run("--data", data.toString(), "check", "P-1002", "car-rental");
        assertThat(text.code()).isZero();
        assertThat(text.out()).startsWith("allowed: P-1002 may use car-rental");
    }

    @Test
    void anUnknownDomainIsAnError() {
        Run run = run("--data", data.toString(), "check", "P-1001", "space-travel");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("domain \"space-travel\" is not declared");
    }

    @Test
    void scoresAreJsonLinesSortedBySubject() throws IOException {
        ingest();
        Run run = run("--data", data.toString(), "scores", "--at", "2026-01-01T00:00:00Z");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(MAPPER.readTree(lines.get(0)).path("subject").asText()).isEqualTo("P-1001");
    }

    @Test
    void explainSpeaksInSentences() throws IOException {
        ingest();
        Run text = run("--data", data.toString(), "explain", "P-1001", "--at", "2026-01-01T00:00:00Z");
        assertThat(text.out()).contains("P-1001 has 964 points, tier A")
                .contains("judgment_unfulfilled (court/c-2024-0007) on 2024-03-01T09:30:00Z: -50 points")
                .contains("On judgment-defaulters").contains("lifted by an event of type judgment_fulfilled")
                .contains("Next tier up: AA, 66 points away");
        JsonNode json = run("--data", data.toString(), "explain", "P-1001", "--at", "2026-01-01T00:00:00Z", "--json")
                .json();
        assertThat(json.path("events")).hasSize(2);
        assertThat(json.path("list_entries").get(0).path("until").asText()).isEqualTo("2026-03-01T09:30:00Z");
        assertThat(json.path("progress").path("points_to_next_tier").asInt()).isEqualTo(66);
    }

    @Test
    void retractTakesEffectAndIsRecorded() throws IOException {
        ingest();
        Run run = run("--data", data.toString(), "retract", "court", "c-2024-0007", "--reason", "paid in 2023");
        assertThat(run.code()).isZero();
        JsonNode s = run("--data", data.toString(), "score", "P-1001", "--at", "2026-01-01T00:00:00Z", "--json").json();
        assertThat(s.path("score").asInt()).isEqualTo(1014);
        assertThat(s.path("lists")).isEmpty();
        assertThat(run("--data", data.toString(), "retract", "court", "c-2024-0007", "--reason", "again").code())
                .isEqualTo(1);
        assertThat(run("--data", data.toString(), "retract", "court", "c-2024-0007").code()).isEqualTo(2);
    }

    @Test
    void validateListsEveryProblemAsPathAndMessage() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                name: Bad Name
                version: 1
                score: {base: 5000, min: 0, max: 1300}
                tiers: [{name: A, min: 0}]
                events:
                  sermon: {category: religion, sources: [church], points: -10}
                """);
        Run run = run("rulebook", "validate", bad.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().toList()).containsExactlyInAnyOrder(
                "name: must match [a-z0-9-]+; got \"Bad Name\"",
                "score: must have min <= base <= max; got min 0, base 5000, max 1300",
                "events.sermon.category: \"religion\" is refused: religion is never a scoring category in Credence",
                "events.sermon.expires: is required whenever points is given: nothing counts against anyone without"
                        + " an expiry");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");
        assertThat(run("rulebook", "validate", broken.toString()).out()).contains("line").contains("not valid YAML");
        assertThat(run("rulebook", "validate", Path.of("..", "examples", "article.yaml").toString()).code()).isZero();
        assertThat(run("rulebook", "validate", Path.of("..", "examples", "nosedive.yaml").toString()).code()).isZero();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("score").code()).isEqualTo(2);
        Run badAt = run("--data", data.toString(), "score", "P-1", "--at", "yesterday");
        assertThat(badAt.code()).isEqualTo(2);
        assertThat(badAt.err()).contains("--at").contains("RFC 3339");
    }

    @Test
    void aMissingStoreIsAOneLineError() {
        Run run = run("--data", dir.resolve("nowhere").toString(), "score", "P-1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().trim().lines()).hasSize(1);
        assertThat(run.err()).contains("no Credence store at");
        Run missingFile = run("--data", data.toString(), "ingest", dir.resolve("none.jsonl").toString());
        assertThat(missingFile.code()).isEqualTo(1);
        assertThat(missingFile.err()).contains("no such file");
    }

    @Test
    void verifyNamesTheFirstBadEntry() throws SQLException {
        ingest();
        assertThat(run("--data", data.toString(), "verify").out()).startsWith("ledger intact: 3 entries");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("ledger.db"));
                Statement s = c.createStatement()) {
            s.execute("UPDATE events SET subject = 'P-9999' WHERE seq = 2");
        }
        Run run = run("--data", data.toString(), "verify");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("entry 2").contains("court/c-2024-0007");
    }

    @Test
    void simulateReportsWithoutPublishing() throws IOException {
        ingest();
        Path candidate = Files.writeString(dir.resolve("v2.yaml"), Files.readString(Path.of("..", "examples",
                "civic-points.yaml")).replace("version: 1", "version: 2").replace("max_duration: P2Y", "max_duration: P1Y"));
        JsonNode report = run("--data", data.toString(), "simulate", candidate.toString(), "--at",
                "2025-06-01T00:00:00Z", "--json").json();
        assertThat(report.path("subjects").asInt()).isEqualTo(1);
        assertThat(report.path("lists").path("judgment-defaulters").path("leaving").asInt()).isEqualTo(1);
        assertThat(report.path("decision_flips").path("air-travel").path("now_allowed").asInt()).isEqualTo(1);
        Run text = run("--data", data.toString(), "simulate", candidate.toString(), "--at", "2025-06-01T00:00:00Z");
        assertThat(text.out()).contains("Subjects per tier").contains("Tier transitions").contains("air-travel");
        assertThat(run("--data", data.toString(), "score", "P-1001", "--json").out()).contains("\"version\":1");
    }

    @Test
    void generateIsDeterministicPerSeed() {
        Run a = run("generate", "--subjects", "50", "--seed", "42");
        Run b = run("generate", "--subjects", "50", "--seed", "42");
        Run c = run("generate", "--subjects", "50", "--seed", "43");
        assertThat(a.out()).isEqualTo(b.out()).isNotEqualTo(c.out());
        assertThat(a.out().lines().count()).isGreaterThan(100);
        assertThat(a.err()).isEmpty();
    }

    @Test
    void generatedEventsAreAllAcceptedByTheExampleRulebook() throws IOException {
        Path file = Files.writeString(dir.resolve("gen.jsonl"), run("generate", "--subjects", "200", "--seed", "3").out());
        Run run = run("--data", data.toString(), "ingest", file.toString());
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.json().path("rejected").asInt()).isZero();
    }

    @Test
    void disputesFromTheCommandLine() throws IOException {
        ingest();
        Run opened = run("--data", data.toString(), "disputes", "open", "P-1001", "court", "c-2024-0007", "--statement",
                "paid in 2023", "--json");
        assertThat(opened.code()).as(opened.err()).isZero();
        String id = opened.json().path("disputes").get(0).path("id").asText();
        assertThat(run("--data", data.toString(), "explain", "P-1001").out()).contains("Disputed since")
                .contains("paid in 2023");
        assertThat(run("--data", data.toString(), "disputes", "list", "--status", "open").out()).contains(id);
        assertThat(run("--data", data.toString(), "disputes", "list", "--status", "maybe").code()).isEqualTo(2);
        Run resolved = run("--data", data.toString(), "disputes", "resolve", id, "--outcome", "overturned", "--reason",
                "receipt checked");
        assertThat(resolved.code()).isZero();
        assertThat(resolved.out()).contains("overturned");
        assertThat(run("--data", data.toString(), "score", "P-1001", "--json").json().path("lists")).isEmpty();
        assertThat(run("--data", data.toString(), "disputes", "resolve", id, "--outcome", "upheld", "--reason", "x")
                .code()).isEqualTo(1);
        assertThat(run("--data", data.toString(), "verify").code()).isZero();
    }

    @Test
    void noticesTellTheSubjectWhatHappened() throws IOException {
        ingest();
        Path recent = Files.writeString(dir.resolve("recent.jsonl"), "{\"id\":\"c-9\",\"source\":\"court\","
                + "\"subject\":\"P-1001\",\"type\":\"judgment_unfulfilled\",\"at\":\""
                + java.time.Instant.now().minus(java.time.Duration.ofDays(1)) + "\",\"data\":{\"case\":\"9\"}}\n");
        assertThat(run("--data", data.toString(), "ingest", recent.toString()).code()).isZero();
        run("--data", data.toString(), "check", "P-1001", "air-travel", "--at", "2026-01-01T00:00:00Z");
        Run notices = run("--data", data.toString(), "notices", "P-1001");
        assertThat(notices.code()).isZero();
        assertThat(notices.out()).contains("listed").contains("judgment-defaulters").contains("decision-denied");
        assertThat(run("--data", data.toString(), "notices", "P-1001", "--json").json().path("notices").size())
                .isGreaterThanOrEqualTo(2);
        assertThat(run("--data", data.toString(), "reports", "list", "--status", "pending").code()).isZero();
    }

    @Test
    void withANoticePeriodIngestPutsTheListingInTheInboxAtOnce() throws IOException {
        Path store = dir.resolve("article");
        assertThat(run("--data", store.toString(), "rulebook", "publish", Path.of("..", "examples", "article.yaml")
                .toString()).code()).isZero();
        Path events = Files.writeString(dir.resolve("fraud.jsonl"), "{\"id\":\"f1\",\"source\":\"court\","
                + "\"subject\":\"P-7\",\"type\":\"fraud\",\"at\":\""
                + java.time.Instant.now().minus(java.time.Duration.ofDays(1)) + "\",\"data\":{\"case\":\"C\"}}\n");
        assertThat(run("--data", store.toString(), "ingest", events.toString()).code()).isZero();
        try (var engine = io.credence.engine.Engine.open(store, false, java.time.Clock.systemUTC())) {
            assertThat(new io.credence.notice.NoticeService(engine).inbox("P-7")).extracting(n -> n.kind())
                    .contains("listed");
        }
        JsonNode standing = run("--data", store.toString(), "score", "P-7", "--json").json();
        assertThat(standing.path("pending_lists").get(0).asText()).isEqualTo("untrustworthy-fraud");
        assertThat(run("--data", store.toString(), "check", "P-7", "flights", "--json").json().path("allowed")
                .asBoolean()).as("pending: not yet effective").isTrue();
    }

    @Test
    void theBrigadingHarnessIsDeterministicAndMeetsItsBounds() throws IOException {
        Run first = run("peers", "attack-sim", "--seed", "7", "--json");
        assertThat(first.out()).isEqualTo(run("peers", "attack-sim", "--seed", "7", "--json").out());
        JsonNode r = first.json();
        assertThat(r.path("pile_on").path("naive_shift").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(r.path("pile_on").path("credence_shift").asDouble()).isLessThanOrEqualTo(0.1);
        assertThat(r.path("ballot_stuffing").path("sybil_aggregate").asDouble())
                .isLessThanOrEqualTo(r.path("ballot_stuffing").path("prior").asDouble());
    }
}
