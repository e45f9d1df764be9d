package io.credence.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.engine.Engine;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP service on a real port, with a real client: roles, errors, limits, the inquiries log. */
class ServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    Engine engine;
    CredenceServer server;
    KeyStore keys;
    Map<String, String> key = new LinkedHashMap<>();
    String base;
    String decisionOfP1;
    String disputeOfP1;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        engine = Engine.open(dir, true, Clock.systemUTC());
        engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
        engine.ingest(List.of(
                "{\"id\":\"j1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"judgment_unfulfilled\",\"at\":\"2025-06-01T00:00:00Z\",\"data\":{\"case\":\"K1\"}}",
                "{\"id\":\"j2\",\"source\":\"court\",\"subject\":\"P-2\",\"type\":\"judgment_unfulfilled\",\"at\":\"2025-06-01T00:00:00Z\",\"data\":{\"case\":\"K2\"}}",
                "{\"id\":\"t1\",\"source\":\"traffic-police\",\"subject\":\"P-1\",\"type\":\"traffic_ticket\",\"at\":\"2025-07-01T00:00:00Z\"}")
                .iterator(), n -> { });
        keys = new KeyStore(engine.ledger());
        key.put("operator", keys.create(Role.parse("operator"), "op", "test"));
        key.put("reviewer", keys.create(Role.parse("reviewer"), "rev", "test"));
        key.put("source", keys.create(Role.parse("source:court"), "court", "test"));
        key.put("provider", keys.create(Role.parse("provider:airline:air-travel"), "airline", "test"));
        key.put("subject-self", keys.create(Role.parse("subject:P-1"), "p1", "test"));
        key.put("subject-other", keys.create(Role.parse("subject:P-2"), "p2", "test"));
        key.put("unknown", "cr_not-a-key");
        server = new CredenceServer(engine, CredenceServer.Options.defaults(0)).start();
        base = "http://127.0.0.1:" + server.port();
        decisionOfP1 = json(post("/v1/decisions", "operator", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"air-travel\"}")).path("decision").asText();
        new io.credence.rating.RatingService(engine).interaction("court", "i0", List.of("P-1", "P-2"),
                java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString(), "hearing");
        disputeOfP1 = new io.credence.dispute.DisputeService(engine).open("P-1",
                new io.credence.event.EventKey("traffic-police", "t1"), "I was not driving").id();
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private HttpResponse<String> get(String path, String who) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (who != null) {
            b.header("Authorization", "Bearer " + key.get(who));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String who, String type, String body)
            throws IOException, InterruptedException {
        return send("POST", path, who, type, body);
    }

    private HttpResponse<String> send(String method, String path, String who, String type, String body)
            throws IOException, InterruptedException {
        return CLIENT.send(request(method, path, who, type, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String who, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (who != null) {
            b.header("Authorization", "Bearer " + key.get(who));
        }
        return b.build();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).startsWith("urn:credence:problem:");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** Every route against every kind of caller, generated from the route table. */
    @Test
    void everyRouteAdmitsExactlyItsRoles() throws IOException, InterruptedException {
        List<String> callers = List.of("none", "unknown", "operator", "reviewer", "source", "provider", "subject-self",
                "subject-other");
        int checked = 0;
        for (Route route : server.routes()) {
            String path = route.path().replace("{id}", "P-1").replace("{decision}", decisionOfP1)
                    .replace("{dispute}", disputeOfP1).replace("{report}", "rpt-none")
                    .replace("{repair}", "rep-none")
                    .replace("{name}", "judgment-defaulters").replace("{version}", "1");
            for (String caller : callers) {
                String who = caller.equals("none") ? null : caller;
                HttpResponse<String> response = route.method().name().equals("GET") ? get(path, who)
                        : send(route.method().name(), path, who, contentTypeFor(route), bodyFor(route));
                int status = response.statusCode();
                String what = route.method() + " " + path + " as " + caller + ": " + response.body();
                Access needed = switch (caller) {
                    case "operator" -> Access.OPERATOR;
                    case "reviewer" -> Access.REVIEWER;
                    case "source" -> Access.SOURCE;
                    case "provider" -> Access.PROVIDER;
                    case "subject-self", "subject-other" -> Access.SUBJECT_SELF;
                    default -> null;
                };
                if (route.isPublic()) {
                    assertThat(status).as(what).isEqualTo(200);
                } else if (needed == null) {
                    assertProblem(response, 401);
                } else if (!route.access().contains(needed)) {
                    assertProblem(response, 403);
                } else if (caller.equals("subject-other") && route.ownData()) {
                    assertProblem(response, 404);
                } else if (route.path().contains("{report}") || route.path().contains("{repair}")) {
                    assertProblem(response, 404); // admitted, and told the report does not exist
                } else {
                    assertThat(status).as(what).isNotIn(401, 403, 404).isLessThan(500);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(server.routes().size() * callers.size());
    }

    private static String contentTypeFor(Route route) {
        return route.path().startsWith("/v1/rulebooks") ? "application/yaml" : "application/json";
    }

    private static String bodyFor(Route route) throws IOException {
        return switch (route.path()) {
            case "/v1/rulebooks", "/v1/rulebooks/simulate" -> Files.readString(Path.of("..", "examples",
                    "civic-points.yaml")).replace("version: 1", "version: 2");
            case "/v1/events" -> "{\"id\":\"m1\",\"source\":\"court\",\"subject\":\"P-3\",\"type\":\"court_breach_finding\","
                    + "\"at\":\"2025-01-01T00:00:00Z\"}";
            case "/v1/retractions" -> "{\"source\":\"court\",\"id\":\"j2\",\"reason\":\"paid before the ruling\"}";
            case "/v1/decisions" -> "{\"subject\":\"P-1\",\"domain\":\"air-travel\"}";
            case "/v1/disputes" -> "{\"event\":{\"source\":\"court\",\"id\":\"j1\"},\"statement\":\"paid\"}";
            case "/v1/disputes/{dispute}/resolution" -> "{\"outcome\":\"upheld\",\"reason\":\"checked\"}";
            case "/v1/decisions/{decision}/review" -> "{\"statement\":\"the judgment is under appeal\"}";
            case "/v1/decisions/{decision}/review/resolution" -> "{\"outcome\":\"granted\",\"reason\":\"appeal\","
                    + "\"valid_until\":\"2099-01-01T00:00:00Z\"}";
            case "/v1/reports" -> "{\"subject\":\"P-9\",\"type\":\"traffic_ticket\",\"at\":\"2026-01-01T00:00:00Z\","
                    + "\"description\":\"ran a red light\"}";
            case "/v1/reports/{report}/decision" -> "{\"outcome\":\"rejected\",\"reason\":\"no evidence\"}";
            case "/v1/repairs" -> "{\"event\":{\"source\":\"traffic-police\",\"id\":\"t1\"}}";
            case "/v1/subjects/{id}/webhook" -> "{\"url\":\"http://127.0.0.1:9/hook\"}";
            case "/v1/interactions" -> "{\"id\":\"i1\",\"subjects\":[\"P-1\",\"P-2\"],\"at\":\"2026-01-01T00:00:00Z\","
                    + "\"kind\":\"hearing\"}";
            case "/v1/ratings" -> "{\"interaction\":\"court/i0\",\"stars\":4}";
            case "/v1/repairs/{repair}/decision" -> "{\"outcome\":\"rejected\",\"reason\":\"too soon\"}";
            default -> "{}";
        };
    }

    @Test
    void aProviderLearnsOnlyTheDecision() throws IOException, InterruptedException {
        JsonNode d = json(post("/v1/decisions", "provider", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"air-travel\",\"at\":\"2026-01-01T00:00:00Z\"}"));
        Set<String> fields = new TreeSet<>();
        d.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("decision", "subject", "domain", "at", "allowed", "reasons",
                "benefits");
        assertThat(d.path("allowed").asBoolean()).isFalse();
        assertProblem(post("/v1/decisions", "provider", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"mortgage\"}"), 403);
        assertProblem(post("/v1/decisions", "operator", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"space-travel\"}"), 422);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() throws IOException, InterruptedException {
        assertThat(get("/v1/subjects/P-1/standing", "reviewer").statusCode()).isEqualTo(200);
        keys.revoke("rev", "test");
        assertProblem(get("/v1/subjects/P-1/standing", "reviewer"), 401);
    }

    @Test
    void badInputIsA4xxProblemNamingTheField() throws IOException, InterruptedException {
        HttpResponse<String> badAt = get("/v1/subjects/P-1/standing?at=tomorrow", "operator");
        assertProblem(badAt, 400);
        assertThat(json(badAt).path("problems").get(0).path("path").asText()).isEqualTo("at");
        assertProblem(post("/v1/decisions", "operator", "application/json", "{not json"), 400);
        HttpResponse<String> unknown = post("/v1/decisions", "operator", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"air-travel\",\"color\":\"red\"}");
        assertProblem(unknown, 400);
        assertThat(json(unknown).path("problems").get(0).path("path").asText()).isEqualTo("color");
        assertProblem(post("/v1/decisions", "operator", "text/plain", "{}"), 415);
        assertProblem(post("/v1/events", "source", "text/csv", "a,b"), 415);
        assertProblem(post("/v1/rulebooks", "operator", "application/json", "{}"), 415);
        assertProblem(post("/v1/decisions", "operator", "application/json", "{\"domain\":\"air-travel\"}"), 400);
        HttpResponse<String> refused = post("/v1/rulebooks", "operator", "application/yaml", "name: Bad Name\n");
        assertProblem(refused, 422);
        assertThat(json(refused).path("problems")).anySatisfy(p -> assertThat(p.path("path").asText())
                .isEqualTo("name"));
        HttpResponse<String> event = post("/v1/events", "source", "application/json",
                "{\"id\":\"e1\",\"source\":\"court\",\"subject\":\"P-1\",\"type\":\"nope\",\"at\":\"2025-01-01T00:00:00Z\"}");
        assertProblem(event, 422);
        assertThat(json(event).path("problems").get(0).path("path").asText()).isEqualTo("type");
        assertProblem(get("/v1/no-such-route", "operator"), 404);
    }

    @Test
    void oversizedBodiesAreRefusedButLargeJsonLinesIngestIsNot() throws IOException, InterruptedException {
        String big = "{\"subject\":\"P-1\",\"domain\":\"air-travel\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(post("/v1/decisions", "operator", "application/json", big), 413);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 1_500_000; i++) {
            lines.append("{\"id\":\"bulk-").append(i).append("\",\"source\":\"court\",\"subject\":\"P-").append(i % 97)
                    .append("\",\"type\":\"court_breach_finding\",\"at\":\"2025-01-01T00:00:00Z\"}\n");
        }
        HttpResponse<String> ingest = post("/v1/events", "source", "application/x-ndjson", lines.toString());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
        assertThat(json(ingest).path("rejected").asInt()).isZero();
        assertThat(json(ingest).path("accepted").asInt()).isGreaterThan(10_000);
    }

    @Test
    void tooManyRequestsGets429WithRetryAfter() throws IOException, InterruptedException {
        server.close();
        server = new CredenceServer(engine, new CredenceServer.Options("127.0.0.1", 0, 1, 3)).start();
        base = "http://127.0.0.1:" + server.port();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = get("/v1/subjects/P-1/standing", "operator");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertThat(statuses).contains(200, 429);
        assertThat(limited).isNotNull();
        assertProblem(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutesTheRouterServes() throws IOException, InterruptedException {
        JsonNode doc = json(get("/openapi.json", null));
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        List<String> documented = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(server.registeredRoutes());
    }

    @Test
    void theSubjectSeesWhoLookedAndWhatWasDecided() throws IOException, InterruptedException {
        get("/v1/subjects/P-1/standing", "reviewer");
        post("/v1/decisions", "provider", "application/json", "{\"subject\":\"P-1\",\"domain\":\"air-travel\"}");
        get("/v1/subjects/P-1/explanation", "operator");
        server.flushInquiries();
        JsonNode inquiries = json(get("/v1/subjects/P-1/inquiries", "subject-self")).path("inquiries");
        List<String> seen = new ArrayList<>();
        inquiries.forEach(i -> seen.add(i.path("who").asText() + " " + i.path("role").asText() + " "
                + i.path("what").asText().replaceAll(" d-.*", " d") + " " + i.path("outcome").asText()));
        var now = engine.standing("P-1", java.time.Instant.now());
        String outcome = "score " + now.score() + ", tier " + now.tier();
        assertThat(seen).contains("rev reviewer standing " + outcome,
                "airline provider:airline:air-travel decision d denied", "op operator explanation " + outcome);
        JsonNode file = json(get("/v1/subjects/P-1/file", "subject-self"));
        assertThat(file.path("events")).hasSize(2);
        assertThat(file.path("listings").get(0).path("list").asText()).isEqualTo("judgment-defaulters");
        assertThat(file.path("decisions").size()).isGreaterThanOrEqualTo(2);
        assertProblem(get("/v1/subjects/P-2/file", "subject-self"), 404);
        assertProblem(get("/v1/decisions/" + decisionOfP1, "subject-other"), 404);
        assertThat(get("/v1/decisions/" + decisionOfP1, "subject-self").statusCode()).isEqualTo(200);
    }

    @Test
    void aDenialIsAnsweredOnlyOnceItAndItsNoticeAreInTheLedger() throws Exception {
        // Another connection holds the store's write lock, so nothing can be committed: allowances
        // are answered all the same, denials only once the lock is gone and they and their notices
        // are in the file.
        try (var other = rawStore();
                var lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> denials = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                denials.add(ask(i % 2 == 0 ? "P-1" : "P-2"));
            }
            HttpResponse<String> allowance = ask("P-3").get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(json(allowance).path("allowed").asBoolean()).as(allowance.body()).isTrue();
            Thread.sleep(300);
            assertThat(denials).noneMatch(java.util.concurrent.CompletableFuture::isDone);
            lock.execute("ROLLBACK");
            for (var pending : denials) {
                HttpResponse<String> answer = pending.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                String id = json(answer).path("decision").asText();
                assertThat(json(answer).path("allowed").asBoolean()).isFalse();
                // Decisions are kept in groups, a row per commit (decisions 019); notices as rows.
                try (var s = other.prepareStatement("SELECT (SELECT count(*) FROM record_groups"
                        + " WHERE instr(entries, CAST(? AS BLOB)) > 0)"
                        + " + (SELECT count(*) FROM records WHERE kind = 'notice' AND body LIKE ?)")) {
                    s.setString(1, id);
                    s.setString(2, "%" + id + "%");
                    try (var rs = s.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).as("the decision %s and its notice", id).isEqualTo(2);
                    }
                }
            }
        }
    }

    @Test
    void aDenialIsTimedUntilItsAnswerIsReady() throws Exception {
        // The request timer of POST /v1/decisions counts a denial's wait for the ledger, not only
        // the handler that handed it to the journal.
        try (var other = rawStore();
                var lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            var denial = ask("P-1");
            Thread.sleep(500);
            lock.execute("ROLLBACK");
            assertThat(denial.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        String metrics = get("/metrics", "operator").body();
        java.util.regex.Matcher max = java.util.regex.Pattern.compile(
                "credence_http_requests_seconds_max\\{route=\"POST /v1/decisions\"} ([0-9.E-]+)").matcher(metrics);
        assertThat(max.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(max.group(1))).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aDenialThatCannotBeStoredIsAProblemAndLeavesNothingHalfStored() throws Exception {
        // The store refuses the notice (a trigger added behind the server's back): the denial and its
        // notice are one transaction, so neither is stored, and the caller gets problem+json, not a
        // denial without its notice.
        int decisions = engine.ledger().records("decision", "P-1").size();
        int notices = engine.ledger().records("notice", "P-1").size();
        try (var other = rawStore();
                var ddl = other.createStatement()) {
            ddl.execute("CREATE TRIGGER refuse BEFORE INSERT ON records WHEN NEW.kind = 'notice'"
                    + " BEGIN SELECT RAISE(ABORT, 'the disk said no'); END");
            HttpResponse<String> failed = ask("P-1").get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertProblem(failed, 503);
            // The operator finds it in the server's log (stderr; a file here, simplelogger.properties).
            assertThat(Files.readString(Path.of("target", "server-test.log")))
                    .contains("[WARN] io.credence.server.CredenceServer - POST /v1/decisions: ")
                    .contains("the disk said no");
            engine.journal().flush();
            assertThat(engine.ledger().records("decision", "P-1")).hasSize(decisions);
            assertThat(engine.ledger().records("notice", "P-1")).hasSize(notices);
            ddl.execute("DROP TRIGGER refuse");
        }
        HttpResponse<String> denied = ask("P-1").get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(json(denied).path("allowed").asBoolean()).as(denied.body()).isFalse();
        assertThat(engine.ledger().records("decision", "P-1")).hasSize(decisions + 1);
        assertThat(engine.ledger().records("notice", "P-1")).hasSize(notices + 1);
        assertThat(engine.verify().intact()).isTrue();
    }

    /** The store's SQLite file opened behind the server's back: to hold its lock, or to change it. */
    private java.sql.Connection rawStore() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> ask(String subject) {
        return CLIENT.sendAsync(request("POST", "/v1/decisions", "provider", "application/json",
                "{\"subject\":\"" + subject + "\",\"domain\":\"air-travel\"}"), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSourceMayReportAndRetractOnlyItsOwnEvents() throws IOException, InterruptedException {
        HttpResponse<String> foreign = post("/v1/events", "source", "application/json",
                "{\"id\":\"x\",\"source\":\"bank\",\"subject\":\"P-1\",\"type\":\"contract_breach\",\"at\":\"2025-01-01T00:00:00Z\"}");
        assertProblem(foreign, 422);
        assertThat(foreign.body()).contains("reports for source \\\"court\\\" only");
        assertProblem(post("/v1/retractions", "source", "application/json",
                "{\"source\":\"traffic-police\",\"id\":\"t1\",\"reason\":\"x\"}"), 403);
        assertThat(post("/v1/retractions", "source", "application/json",
                "{\"source\":\"court\",\"id\":\"j1\",\"reason\":\"paid\"}").statusCode()).isEqualTo(201);
        assertThat(json(get("/v1/subjects/P-1/standing", "operator")).path("lists")).isEmpty();
    }

    @Test
    void readsAreAnsweredWhileALongIngestRuns() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 150_000; i++) {
            lines.append("{\"id\":\"long-").append(i).append("\",\"source\":\"court\",\"subject\":\"Q-")
                    .append(i % 5000).append("\",\"type\":\"court_breach_finding\",\"at\":\"2025-01-01T00:00:00Z\"}\n");
        }
        var ingest = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("Authorization", "Bearer " + key.get("source")).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(), HttpResponse.BodyHandlers.ofString());
        int answeredDuringIngest = 0;
        while (!ingest.isDone()) {
            HttpResponse<String> read = get("/v1/subjects/P-1/standing", "operator");
            assertThat(read.statusCode()).isEqualTo(200);
            if (!ingest.isDone()) {
                answeredDuringIngest++;
            }
        }
        assertThat(ingest.get().statusCode()).isEqualTo(200);
        assertThat(json(ingest.get()).path("accepted").asInt()).isEqualTo(150_000);
        assertThat(answeredDuringIngest).as("reads answered while the ingest ran").isGreaterThan(3);
    }

    @Test
    void demoModeReusesWhatIsThere() throws IOException {
        Path demoDir = dir.resolve("demo");
        Map<String, String> first;
        long events;
        try (Engine demo = Engine.open(demoDir, true, Clock.systemUTC())) {
            first = Demo.prepare(demo, demoDir, new java.io.PrintWriter(java.io.Writer.nullWriter()));
            events = demo.ledger().eventCount();
            assertThat(demo.ledger().subjectCount()).isGreaterThan(9_000);
            assertThat(new KeyStore(demo.ledger()).list()).hasSize(5);
        }
        try (Engine demo = Engine.open(demoDir, false, Clock.systemUTC())) {
            assertThat(Demo.prepare(demo, demoDir, new java.io.PrintWriter(java.io.Writer.nullWriter())))
                    .isEqualTo(first);
            assertThat(demo.ledger().eventCount()).isEqualTo(events);
            assertThat(new KeyStore(demo.ledger()).list()).hasSize(5);
            String subjectKey = first.entrySet().stream().filter(e -> e.getKey().startsWith("subject:")).findFirst()
                    .orElseThrow().getValue();
            assertThat(new KeyStore(demo.ledger()).authenticate(subjectKey)).isPresent();
        }
    }

    @Test
    void aSubjectDisputesAndAReviewerOverturnsOverHttp() throws IOException, InterruptedException {
        HttpResponse<String> opened = post("/v1/disputes", "subject-self", "application/json",
                "{\"event\":{\"source\":\"court\",\"id\":\"j1\"},\"statement\":\"I paid in May\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String id = json(opened).path("id").asText();
        JsonNode explanation = json(get("/v1/subjects/P-1/explanation", "reviewer"));
        assertThat(explanation.path("events")).anySatisfy(e -> {
            assertThat(e.path("event").path("id").asText()).isEqualTo("j1");
            assertThat(e.path("dispute").path("statement").asText()).isEqualTo("I paid in May");
        });
        JsonNode queue = json(get("/v1/disputes?status=open", "reviewer")).path("disputes");
        assertThat(queue).anySatisfy(d -> assertThat(d.path("id").asText()).isEqualTo(id));
        assertProblem(post("/v1/disputes/" + id + "/resolution", "reviewer", "application/json",
                "{\"outcome\":\"dismissed\",\"reason\":\"x\"}"), 400);
        HttpResponse<String> resolved = post("/v1/disputes/" + id + "/resolution", "reviewer", "application/json",
                "{\"outcome\":\"overturned\",\"reason\":\"the court confirms payment\"}");
        assertThat(json(resolved).path("status").asText()).isEqualTo("overturned");
        assertThat(json(get("/v1/subjects/P-1/standing", "subject-self")).path("lists")).isEmpty();
        assertProblem(post("/v1/disputes/" + id + "/resolution", "reviewer", "application/json",
                "{\"outcome\":\"upheld\",\"reason\":\"again\"}"), 409);
        assertProblem(post("/v1/disputes", "subject-self", "application/json",
                "{\"event\":{\"source\":\"court\",\"id\":\"j2\"},\"statement\":\"not mine\"}"), 404);
        assertProblem(get("/v1/disputes?status=sideways", "reviewer"), 400);
    }

    @Test
    void deniedAtTheCounterTheSubjectAsksForReviewAndIsLetThrough() throws IOException, InterruptedException {
        HttpResponse<String> asked = post("/v1/decisions/" + decisionOfP1 + "/review", "subject-self",
                "application/json", "{\"statement\":\"I travel to report on the appeal\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        assertThat(json(get("/v1/reviews?status=open", "reviewer")).path("reviews")).hasSize(1);
        HttpResponse<String> granted = post("/v1/decisions/" + decisionOfP1 + "/review/resolution", "reviewer",
                "application/json", "{\"outcome\":\"granted\",\"reason\":\"appeal pending\","
                        + "\"valid_until\":\"2099-01-01T00:00:00Z\"}");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonNode d = json(post("/v1/decisions", "provider", "application/json",
                "{\"subject\":\"P-1\",\"domain\":\"air-travel\"}"));
        assertThat(d.path("allowed").asBoolean()).isTrue();
        assertThat(d.path("reasons").get(0).asText()).isEqualTo("granted on review");
        JsonNode notices = json(get("/v1/subjects/P-1/notices", "subject-self")).path("notices");
        assertThat(notices).anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("review-resolved"));
        JsonNode transparency = json(get("/v1/transparency", null));
        assertThat(transparency.path("suppressed_below").asInt()).isEqualTo(5);
        assertThat(transparency.toString()).contains("<5").doesNotContain("P-1");
    }

    @Test
    void noticesAreDeliveredToTheSubjectsWebhookWithRetries() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean fail = calls.incrementAndGet() == 1; // the first attempt fails: a retry must follow
            if (!fail) {
                received.add(body);
            }
            exchange.sendResponseHeaders(fail ? 503 : 204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            assertProblem(send("PUT", "/v1/subjects/P-1/webhook", "subject-self", "application/json",
                    "{\"url\":\"ftp://example/x\"}"), 400);
            assertThat(send("PUT", "/v1/subjects/P-1/webhook", "subject-self", "application/json",
                    "{\"url\":\"" + url + "\"}").statusCode()).isEqualTo(200);
            post("/v1/decisions", "provider", "application/json", "{\"subject\":\"P-1\",\"domain\":\"air-travel\"}");
            String delivered = received.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(delivered).isNotNull().contains("decision-denied");
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void ratingsRefuseBadInputWithA4xxAndChangeNothing() throws IOException, InterruptedException {
        assertProblem(post("/v1/ratings", "subject-self", "application/json",
                "{\"interaction\":\"court/none\",\"stars\":4}"), 404);
        assertProblem(post("/v1/ratings", "subject-self", "application/json",
                "{\"interaction\":\"court/i0\",\"stars\":9}"), 400);
        assertThat(post("/v1/ratings", "subject-self", "application/json",
                "{\"interaction\":\"court/i0\",\"stars\":4}").statusCode()).isEqualTo(201);
        assertProblem(post("/v1/ratings", "subject-self", "application/json",
                "{\"interaction\":\"court/i0\",\"stars\":5}"), 409);
        assertProblem(post("/v1/interactions", "source", "application/json",
                "{\"id\":\"i9\",\"subjects\":[\"P-1\",\"P-1\"],\"at\":\"2026-01-01T00:00:00Z\"}"), 400);
        JsonNode mine = json(get("/v1/subjects/P-2/ratings", "subject-other"));
        assertThat(mine.path("sealed").asInt()).as("sealed until P-2 rates or the window closes").isEqualTo(1);
        assertThat(mine.path("ratings")).isEmpty();
    }
}
