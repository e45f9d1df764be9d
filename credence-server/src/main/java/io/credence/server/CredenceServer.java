package io.credence.server;

import static io.credence.server.Access.OPERATOR;
import static io.credence.server.Access.PROVIDER;
import static io.credence.server.Access.PUBLIC;
import static io.credence.server.Access.REVIEWER;
import static io.credence.server.Access.SOURCE;
import static io.credence.server.Access.SUBJECT_SELF;

import io.credence.BadInputException;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.decision.Decision;
import io.credence.dispute.Dispute;
import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.engine.IngestReport;
import io.credence.engine.Threads;
import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.keys.ApiKey;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import io.credence.ledger.PublishedRulebook;
import io.credence.ledger.RecordJournal;
import io.credence.ledger.StoredRecord;
import io.credence.ledger.Verification;
import io.credence.rulebook.ListDefinition;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookValidation;
import io.credence.standing.Explanation;
import io.credence.standing.ListEntry;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import io.credence.time.Instants;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP service: the JSON API under {@code /v1}, guarded by role, on Javalin 7.
 *
 * <p>Every route is declared once in {@link #routes()}: method, path, who may call it, summary and
 * handler. Registration, the access check (401 without a valid key, 403 for a role the route does
 * not admit, 404 when a subject asks about someone else), the OpenAPI document and the role-matrix
 * test all read that table. Errors are RFC 9457 problem+json ({@link Problems}). Reads of a subject's
 * standing, explanation or file, and decisions, are logged to the subject's inquiries.
 *
 * <p>Thread-safe: Jetty serves requests on many threads; the {@link Engine} is thread-safe, its
 * ledger serializes writes and gives each reading thread its own connection.
 */
public final class CredenceServer implements AutoCloseable {
    /** Requests larger than this are refused, except JSON Lines ingest. */
    static final long MAX_BODY = 1024 * 1024;
    /** The largest JSON Lines ingest request. */
    static final long MAX_INGEST_BODY = 64L * 1024 * 1024;
    static final String NDJSON = "application/x-ndjson";
    private static final Set<String> DECISION_FIELDS = Set.of("subject", "domain", "at");

    private final Engine engine;
    private final KeyStore keys;
    private final DisputeService disputes;
    private final io.credence.report.ReportService reportService;
    private final io.credence.notice.NoticeService notices;
    private Webhooks webhooks;
    /** Refreshes the inboxes of subjects whose events just arrived, off the request path. */
    private final java.util.concurrent.ExecutorService noticeWorker =
            java.util.concurrent.Executors.newSingleThreadExecutor(Threads.daemon("credence-notices"));
    private final java.util.concurrent.ScheduledExecutorService scheduler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Threads.daemon("credence-deadlines"));
    private final InquiryLog inquiries;
    private final RateLimiter limiter;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Route> routes;
    private final String host;
    private final int requestedPort;
    private Javalin app;
    /** Where answers that waited for the ledger (denials) are written: the server's own threads. */
    private java.util.concurrent.Executor answers;
    /** Set by {@link #close}: background tasks failing under it are not worth a warning. */
    private volatile boolean closing;

    /** The server's log (stderr through slf4j-simple): its own failures, never shown to callers. */
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CredenceServer.class);
    /** The request attribute holding an answer still to be written (the guard times it). */
    private static final String PENDING = "credence.pending";

    /** Server settings. */
    public record Options(String host, int port, double requestsPerSecond, double burst) {
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, 2_000, 4_000);
        }
    }

    public CredenceServer(Engine engine, Options options) {
        this.engine = engine;
        this.keys = new KeyStore(engine.ledger());
        this.disputes = new DisputeService(engine);
        this.reportService = new io.credence.report.ReportService(engine);
        this.notices = new io.credence.notice.NoticeService(engine);
        engine.onWrite(subjects -> noticeWorker.submit(() -> {
            for (String subject : subjects) {
                try {
                    notices.refresh(subject);
                } catch (RuntimeException e) {
                    // The inbox is refreshed again on the subject's next read.
                    background("refreshing the inbox of " + subject, e);
                }
            }
        }));
        this.inquiries = new InquiryLog(engine.journal());
        this.limiter = new RateLimiter(options.requestsPerSecond(), options.burst());
        this.host = options.host();
        this.requestedPort = options.port();
        this.routes = routes();
        io.micrometer.core.instrument.Gauge.builder("credence_serving_subjects", engine.serving(),
                io.credence.engine.ServingState::size).description("Subjects whose standing is kept in memory")
                .register(metrics);
        io.micrometer.core.instrument.Gauge.builder("credence_serving_loaded", engine.serving(),
                state -> state.loaded() ? 1 : 0).description("1 once every known subject's standing is kept")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("credence_serving_hits", engine.serving(),
                io.credence.engine.ServingState::hits).description("Decisions answered from a kept standing")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("credence_serving_misses", engine.serving(),
                io.credence.engine.ServingState::misses).description("Decisions that read the subject's history")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("credence_journal_commits", engine.journal(),
                RecordJournal::commits).description("Transactions the record journal committed (one fsync each)")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("credence_journal_records", engine.journal(),
                RecordJournal::written).description("Records (decisions, notices, inquiries) the journal wrote")
                .register(metrics);
    }

    /** The route table: the single source of the API's shape. */
    List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/health", Set.of(PUBLIC), "Liveness", this::health),
                new Route(HandlerType.GET, "/openapi.json", Set.of(PUBLIC), "This API as OpenAPI 3.1", this::openApi),
                new Route(HandlerType.GET, "/metrics", Set.of(OPERATOR), "Prometheus metrics", this::metrics),
                new Route(HandlerType.GET, "/v1/me", Set.of(OPERATOR, REVIEWER, SOURCE, PROVIDER, SUBJECT_SELF),
                        "Who this key is: its label, role, and subject, source or domains", this::me),
                new Route(HandlerType.GET, "/v1/rulebook", Set.of(PUBLIC), "The published rulebook: public law",
                        this::rulebook),
                new Route(HandlerType.GET, "/v1/rulebooks", Set.of(PUBLIC), "Every published version, oldest first",
                        this::rulebookVersions),
                new Route(HandlerType.GET, "/v1/rulebooks/{version}", Set.of(PUBLIC), "One published version's YAML",
                        this::rulebookVersion),
                new Route(HandlerType.POST, "/v1/rulebooks", Set.of(OPERATOR), "Publish a rulebook (YAML body)",
                        this::publish),
                new Route(HandlerType.POST, "/v1/rulebooks/simulate", Set.of(OPERATOR),
                        "Simulate a candidate rulebook (YAML body) without publishing", this::simulate),
                new Route(HandlerType.POST, "/v1/events", Set.of(SOURCE),
                        "Report one event (JSON) or many (JSON Lines)", this::events),
                new Route(HandlerType.POST, "/v1/retractions", Set.of(SOURCE, OPERATOR),
                        "Retract an event (its source, or an operator)", this::retract),
                new Route(HandlerType.GET, "/v1/subjects/{id}/standing", Set.of(OPERATOR, REVIEWER, SUBJECT_SELF),
                        "A subject's standing", this::standing),
                new Route(HandlerType.GET, "/v1/subjects/{id}/explanation", Set.of(OPERATOR, REVIEWER, SUBJECT_SELF),
                        "A subject's standing, explained", this::explanation),
                new Route(HandlerType.GET, "/v1/subjects/{id}/history", Set.of(OPERATOR, REVIEWER, SUBJECT_SELF),
                        "A subject's score and tier at evenly spaced past times (?from=T&to=T&points=N)",
                        this::scoreHistory),
                new Route(HandlerType.GET, "/v1/subjects/{id}/file", Set.of(OPERATOR, SUBJECT_SELF),
                        "Everything recorded about a subject", this::file),
                new Route(HandlerType.GET, "/v1/subjects/{id}/inquiries", Set.of(OPERATOR, SUBJECT_SELF),
                        "Who looked at a subject, and every decision about them", this::inquiriesOf),
                new Route(HandlerType.GET, "/v1/subjects/{id}/notices", Set.of(OPERATOR, SUBJECT_SELF),
                        "A subject's inbox: listings, tier changes, denials, outcomes", this::noticesOf),
                new Route(HandlerType.PUT, "/v1/subjects/{id}/webhook", Set.of(SUBJECT_SELF),
                        "Where to deliver one's notices ({url}; empty to stop)", this::setWebhook),
                new Route(HandlerType.POST, "/v1/decisions", Set.of(PROVIDER, OPERATOR),
                        "Decide whether a subject may use a domain", this::decide),
                new Route(HandlerType.GET, "/v1/decisions/{decision}", Set.of(OPERATOR, SUBJECT_SELF),
                        "A recorded decision", this::decision, true),
                new Route(HandlerType.POST, "/v1/decisions/{decision}/review", Set.of(SUBJECT_SELF),
                        "Ask for a human review of a denial", this::requestReview, true),
                new Route(HandlerType.GET, "/v1/reviews", Set.of(REVIEWER, OPERATOR),
                        "Review requests (?status=open for the unresolved)", this::reviews),
                new Route(HandlerType.POST, "/v1/decisions/{decision}/review/resolution", Set.of(REVIEWER),
                        "Grant an override until a date, or decline", this::resolveReview),
                new Route(HandlerType.POST, "/v1/repairs", Set.of(SUBJECT_SELF),
                        "Ask for repair of an old record (repair_after)", this::requestRepair, true),
                new Route(HandlerType.GET, "/v1/repairs", Set.of(REVIEWER, OPERATOR),
                        "Repair requests (?status=pending|approved|rejected)", this::repairs),
                new Route(HandlerType.POST, "/v1/repairs/{repair}/decision", Set.of(REVIEWER),
                        "Approve (ends the contribution now) or reject a repair", this::decideRepair),
                new Route(HandlerType.POST, "/v1/interactions", Set.of(SOURCE),
                        "Record that two subjects dealt with each other (opens a rating window)", this::interaction),
                new Route(HandlerType.POST, "/v1/ratings", Set.of(SUBJECT_SELF),
                        "Rate the other party of an interaction, once, 1 to 5 stars", this::rate),
                new Route(HandlerType.GET, "/v1/subjects/{id}/interactions", Set.of(OPERATOR, SUBJECT_SELF),
                        "Interactions a subject may still rate, window closing soonest first", this::toRate),
                new Route(HandlerType.GET, "/v1/subjects/{id}/reports", Set.of(OPERATOR, SUBJECT_SELF),
                        "Reports a subject filed, and what became of them", this::reportsBy),
                new Route(HandlerType.GET, "/v1/subjects/{id}/ratings", Set.of(OPERATOR, SUBJECT_SELF),
                        "Revealed ratings received, the aggregate and how it was weighted", this::ratingsOf),
                new Route(HandlerType.GET, "/v1/transparency", Set.of(PUBLIC),
                        "Monthly aggregates of what Credence did; counts below 5 shown as <5", this::transparency),
                new Route(HandlerType.POST, "/v1/disputes", Set.of(SUBJECT_SELF),
                        "Dispute one of one's own events", this::openDispute, true),
                new Route(HandlerType.GET, "/v1/disputes", Set.of(REVIEWER, OPERATOR),
                        "Disputes, nearest deadline first (?status=open|upheld|overturned|expired)", this::disputes),
                new Route(HandlerType.POST, "/v1/disputes/{dispute}/resolution", Set.of(REVIEWER),
                        "Resolve a dispute: upheld, or overturned (retracts the event)", this::resolveDispute),
                new Route(HandlerType.POST, "/v1/reports", Set.of(SUBJECT_SELF),
                        "Report another subject; changes nothing until a reviewer accepts it", this::fileReport),
                new Route(HandlerType.GET, "/v1/reports", Set.of(REVIEWER, OPERATOR),
                        "Reports, oldest first (?status=pending|accepted|rejected)", this::reports),
                new Route(HandlerType.POST, "/v1/reports/{report}/decision", Set.of(REVIEWER),
                        "Accept (records the event) or reject a report", this::decideReport),
                new Route(HandlerType.GET, "/v1/population", Set.of(OPERATOR),
                        "Subjects per tier, list sizes and the score histogram (?at=T)", this::population),
                new Route(HandlerType.GET, "/v1/lists/{name}", Set.of(OPERATOR), "A list's current entries",
                        this::list),
                new Route(HandlerType.GET, "/v1/ledger/verify", Set.of(OPERATOR), "Check the ledger's hash chain",
                        this::verify));
    }

    public CredenceServer start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_INGEST_BODY;
            config.http.defaultContentType = "application/json";
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), guard(route));
            }
            new WebUi().routes().forEach((path, handler) -> config.routes.addHttpHandler(HandlerType.GET, path,
                    handler));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof HttpResponseException http) {
                    Problems.send(ctx, http.getStatus(), http.getStatus() == 413 ? "too-large" : "http",
                            http.getMessage(), http.getMessage(), List.of());
                } else {
                    Problems.write(ctx, e);
                }
            });
            config.routes.error(404, ctx -> {
                String written = ctx.res().getContentType();
                if (written == null || !written.startsWith(Problems.CONTENT_TYPE)) {
                    Problems.send(ctx, 404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path(),
                            List.of());
                }
            });
            config.routes.error(405, ctx -> Problems.send(ctx, 405, "method-not-allowed", "Method not allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), List.of()));
        }).start(host, requestedPort);
        answers = app.jettyServer().threadPool();
        webhooks = new Webhooks(engine.ledger(), 1_000);
        // Deadlines run on the engine's clock; a minute's lateness is the most a dispute can overrun.
        scheduler.scheduleWithFixedDelay(this::expireDisputes, 0, 60, java.util.concurrent.TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::computePeerStandings, 60, 3600, java.util.concurrent.TimeUnit.SECONDS);
        // Every subject's standing into memory, behind the open port: decisions asked meanwhile read
        // the ledger for their subject, as they would for one not loaded yet. Another process's write
        // drops the standings of the subjects it wrote about; one that empties them all (a rulebook,
        // a very large ingest) has them loaded again.
        scheduleLoad();
        engine.ledger().onExternalChange(change -> {
            if (change.everything()) {
                scheduleLoad();
            }
        });
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The API routes Javalin's router actually serves (the UI's pages aside), for the OpenAPI test. */
    List<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod() && !WebUi.isUiPath(e.endpoint.path))
                .map(e -> e.endpoint.method + " " + e.endpoint.path).toList();
    }

    /** Loads standings on the loader thread, unless a load is already waiting to start. */
    private void scheduleLoad() {
        if (loadQueued.compareAndSet(false, true)) {
            loader.execute(() -> {
                loadQueued.set(false);
                try {
                    if (engine.rulebook().isPresent()) {
                        engine.loadServingState();
                    }
                } catch (RuntimeException e) {
                    // Standings are read on demand as they are asked for.
                    background("loading every standing", e);
                }
            });
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean loadQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ExecutorService loader = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "credence-load-standings");
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            });

    private void expireDisputes() {
        try {
            if (engine.rulebook().isPresent()) {
                disputes.expireDue();
            }
        } catch (RuntimeException e) {
            // The next sweep, a minute later, tries again.
            background("expiring disputes past their deadline", e);
        }
    }

    /** Hourly, when the rulebook scores peer standings: aggregate the revealed ratings and publish. */
    private void computePeerStandings() {
        try {
            var rulebook = engine.rulebook().orElse(null);
            if (rulebook != null && rulebook.type(io.credence.rating.RatingService.TYPE) != null) {
                new io.credence.rating.RatingService(engine).compute(engine.clock().instant());
            }
        } catch (RuntimeException e) {
            // Tried again next hour; `credence peers compute` runs it by hand.
            background("computing peer standings", e);
        }
    }

    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        loader.shutdownNow();
        if (webhooks != null) {
            webhooks.close();
        }
        noticeWorker.shutdown();
        try {
            noticeWorker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (app != null) {
            app.stop();
        }
        engine.journal().flush();
    }

    void flushInquiries() {
        inquiries.flush();
    }

    // ---------------------------------------------------------------- the guard

    private Handler guard(Route route) {
        Timer timer = Timer.builder("credence.http.requests").tag("route", route.method() + " " + route.path())
                .register(metrics);
        return ctx -> {
            long start = System.nanoTime();
            boolean answered = true;
            try {
                if (!route.isPublic()) {
                    ApiKey caller = authenticate(ctx);
                    long wait = limiter.acquire(caller.label(), System.nanoTime());
                    if (wait > 0) {
                        throw new ApiProblem(429, "rate-limited", "too many requests for this key; retry in " + wait
                                + " s", null, wait);
                    }
                    authorize(route, caller, ctx);
                    ctx.attribute("caller", caller);
                }
                route.handler().handle(ctx);
                // An answer that waits for the ledger (a denial) is timed until it is ready, not handed off.
                java.util.concurrent.CompletableFuture<?> pending = ctx.attribute(PENDING);
                if (pending != null) {
                    answered = false;
                    pending.whenComplete((result, failure) -> timer.record(System.nanoTime() - start,
                            java.util.concurrent.TimeUnit.NANOSECONDS));
                }
            } finally {
                if (answered) {
                    timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }
        };
    }

    private ApiKey authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized();
        }
        return keys.authenticate(header.substring(7).trim()).orElseThrow(ApiProblem::unauthorized);
    }

    private static void authorize(Route route, ApiKey caller, Context ctx) {
        Role role = caller.role();
        if (role instanceof Role.Subject subject) {
            if (!route.access().contains(SUBJECT_SELF)) {
                throw ApiProblem.forbidden("a subject key may not use " + route.method() + " " + route.path());
            }
            if (route.subjectScoped() && !ctx.pathParam("id").equals(subject.id())) {
                throw ApiProblem.notFound("no such subject");
            }
            return;
        }
        Access needed = switch (role) {
            case Role.Operator o -> OPERATOR;
            case Role.Reviewer r -> REVIEWER;
            case Role.Source s -> SOURCE;
            case Role.Provider p -> PROVIDER;
            case Role.Subject s -> SUBJECT_SELF;
        };
        if (!route.access().contains(needed)) {
            throw ApiProblem.forbidden("a " + role.kind() + " key may not use " + route.method() + " " + route.path());
        }
    }

    private static ApiKey caller(Context ctx) {
        return ctx.attribute("caller");
    }

    // ---------------------------------------------------------------- handlers

    private void health(Context ctx) {
        send(ctx, 200, ResultJson.ordered("status", "ok", "rulebook",
                engine.rulebook().map(r -> ResultJson.rulebook(r.ref())).orElse(null),
                "standings", engine.serving().loaded() ? "loaded" : "loading"));
    }

    private void openApi(Context ctx) {
        send(ctx, 200, OpenApi.document(routes));
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape());
    }

    private void me(Context ctx) {
        ApiKey caller = caller(ctx);
        Map<String, Object> out = ResultJson.ordered("label", caller.label(), "role", caller.role().kind(), "key",
                caller.role().text());
        switch (caller.role()) {
            case Role.Subject s -> out.put("subject", s.id());
            case Role.Source s -> out.put("source", s.name());
            case Role.Provider p -> {
                out.put("provider", p.name());
                out.put("domains", List.copyOf(p.domains()));
            }
            default -> { }
        }
        send(ctx, 200, out);
    }

    private void rulebookVersions(Context ctx) {
        List<Object> versions = new ArrayList<>();
        for (PublishedRulebook r : engine.ledger().rulebooks()) {
            versions.add(ResultJson.ordered("name", r.name(), "version", r.version(), "published",
                    r.recorded().toString(), "by", r.actor()));
        }
        send(ctx, 200, ResultJson.ordered("rulebooks", versions));
    }

    private void rulebookVersion(Context ctx) {
        String version = ctx.pathParam("version");
        PublishedRulebook found = engine.ledger().rulebooks().stream()
                .filter(r -> String.valueOf(r.version()).equals(version)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("no published rulebook version " + version));
        send(ctx, 200, ResultJson.ordered("name", found.name(), "version", found.version(), "published",
                found.recorded().toString(), "by", found.actor(), "yaml", found.yaml()));
    }

    /** The most points a history request may ask for. */
    static final int MAX_HISTORY_POINTS = 400;

    private void scoreHistory(Context ctx) {
        String subject = ctx.pathParam("id");
        Rulebook rulebook = engine.requireRulebook();
        Instant to = ctx.queryParam("to") == null ? engine.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                : instant("to", ctx.queryParam("to"));
        Instant from = ctx.queryParam("from") == null
                ? to.atOffset(java.time.ZoneOffset.UTC).minusYears(3).toInstant()
                : instant("from", ctx.queryParam("from"));
        if (!from.isBefore(to)) {
            throw ApiProblem.badRequest("from", "must be before to (" + to + ")");
        }
        int points;
        try {
            points = ctx.queryParam("points") == null ? 37 : Integer.parseInt(ctx.queryParam("points"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("points", "must be a whole number");
        }
        if (points < 2 || points > MAX_HISTORY_POINTS) {
            throw ApiProblem.badRequest("points", "must be from 2 to " + MAX_HISTORY_POINTS + "; got " + points);
        }
        SubjectHistory history = engine.history(subject);
        long span = java.time.Duration.between(from, to).toSeconds();
        List<Object> series = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            Instant at = i == points - 1 ? to : from.plusSeconds(span * i / (points - 1));
            Standing s = StandingEvaluator.standing(rulebook, history, at);
            series.add(ResultJson.ordered("at", at.toString(), "score", s.score(), "tier", s.tier(), "lists",
                    s.lists()));
        }
        log(ctx, subject, "score history", null, points + " points from " + from + " to " + to);
        send(ctx, 200, ResultJson.ordered("subject", subject, "rulebook", ResultJson.rulebook(rulebook.ref()),
                "from", from.toString(), "to", to.toString(), "points", series));
    }

    private void toRate(Context ctx) {
        String subject = ctx.pathParam("id");
        engine.history(subject); // validates the id
        send(ctx, 200, ResultJson.ordered("subject", subject, "interactions",
                new io.credence.rating.RatingService(engine).toRate(subject)));
    }

    private void reportsBy(Context ctx) {
        String subject = ctx.pathParam("id");
        engine.history(subject); // validates the id
        send(ctx, 200, ResultJson.ordered("reporter", subject, "reports", reportService.byReporter(subject).stream()
                .map(r -> io.credence.report.ReportService.json(r, true)).toList()));
    }

    /** A population summary and what it was computed for: the rulebook, the ledger's head, the instant. */
    private record PopulationSummary(String key, Map<String, Object> body) {}

    /** The last population summary, reused while the ledger, the rulebook and the minute are the same. */
    private volatile PopulationSummary population;

    private void population(Context ctx) {
        Rulebook rulebook = engine.requireRulebook();
        boolean now = ctx.queryParam("at") == null;
        Instant at = now ? engine.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) : at(ctx);
        String cacheKey = rulebook.ref() + "@" + engine.ledger().headSeq() + "@" + at;
        PopulationSummary cached = population;
        if (cached != null && cached.key().equals(cacheKey)) {
            send(ctx, 200, cached.body());
            return;
        }
        Map<String, long[]> tiers = new LinkedHashMap<>();
        rulebook.tiers().forEach(t -> tiers.put(t.name(), new long[1]));
        Map<String, long[]> lists = new java.util.TreeMap<>();
        rulebook.lists().keySet().forEach(l -> lists.put(l, new long[1]));
        io.credence.simulation.ScoreHistogram histogram = new io.credence.simulation.ScoreHistogram();
        long[] subjects = new long[1];
        engine.scores(at, s -> {
            subjects[0]++;
            tiers.computeIfAbsent(s.tier(), k -> new long[1])[0]++;
            s.lists().forEach(l -> lists.computeIfAbsent(l, k -> new long[1])[0]++);
            histogram.add(s.score());
        });
        List<Object> tierCounts = new ArrayList<>();
        tiers.forEach((name, n) -> tierCounts.add(ResultJson.ordered("tier", name, "subjects", n[0])));
        Map<String, Object> listSizes = new LinkedHashMap<>();
        lists.forEach((name, n) -> listSizes.put(name, n[0]));
        Map<String, Object> body = ResultJson.ordered("at", at.toString(), "rulebook",
                ResultJson.rulebook(rulebook.ref()), "subjects", subjects[0], "events", engine.ledger().eventCount(),
                "tiers", tierCounts, "lists", listSizes, "histogram", ResultJson.ordered("width",
                        io.credence.simulation.ScoreHistogram.WIDTH, "counts",
                        ResultJson.histogram(histogram.counts())));
        population = new PopulationSummary(cacheKey, body);
        send(ctx, 200, body);
    }

    private void rulebook(Context ctx) {
        PublishedRulebook published = engine.ledger().currentRulebook()
                .orElseThrow(() -> ApiProblem.notFound("no rulebook is published yet"));
        String accept = ctx.header("Accept");
        if (accept != null && (accept.contains("yaml") || accept.contains("text/plain"))) {
            ctx.contentType("application/yaml").result(published.yaml());
            return;
        }
        Rulebook compiled = engine.requireRulebook();
        List<String> reportable = compiled.process().reportsDailyLimit() == 0 ? List.of()
                : compiled.types().values().stream()
                        .filter(t -> t.sources().contains(io.credence.report.ReportService.SOURCE))
                        .map(t -> t.name()).sorted().toList();
        send(ctx, 200, ResultJson.ordered("name", published.name(), "version", published.version(), "published",
                published.recorded().toString(), "yaml", published.yaml(), "tiers",
                compiled.tiers().stream().map(t -> t.name()).toList(), "domains",
                List.copyOf(compiled.domains().keySet()), "reportable_types", reportable));
    }

    private static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "text/plain");

    private static String yamlBody(Context ctx) {
        String type = contentType(ctx);
        if (!YAML_TYPES.contains(type)) {
            throw new ApiProblem(415, "unsupported-media-type", "send the rulebook as application/yaml; got "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        return text(ctx, MAX_BODY);
    }

    private void publish(Context ctx) {
        String yaml = yamlBody(ctx);
        RulebookValidation validation = engine.validate(yaml);
        if (!validation.valid()) {
            Problems.send(ctx, 422, "rulebook-rejected", "Unprocessable content", "the rulebook was refused: "
                    + validation.problems().size() + " problems", validation.problems());
            return;
        }
        Rulebook rulebook = engine.publish(yaml, caller(ctx).label());
        send(ctx, 201, ResultJson.ordered("name", rulebook.name(), "version", rulebook.version(), "warnings",
                validation.warnings().stream().map(Object::toString).toList()));
    }

    private void simulate(Context ctx) {
        String yaml = yamlBody(ctx);
        send(ctx, 200, ResultJson.simulation(engine.simulate(yaml, at(ctx), n -> { })));
    }

    private void events(Context ctx) {
        Role.Source source = (Role.Source) caller(ctx).role();
        String type = contentType(ctx);
        List<String> lines;
        if (type.equals(NDJSON)) {
            lines = Arrays.asList(text(ctx, MAX_INGEST_BODY).split("\n", -1));
        } else if (type.equals("application/json")) {
            lines = List.of(text(ctx, MAX_BODY).replace('\n', ' '));
        } else {
            throw new ApiProblem(415, "unsupported-media-type", "send application/json (one event) or "
                    + NDJSON + " (JSON Lines); got " + (type.isEmpty() ? "no Content-Type" : type));
        }
        IngestReport report = engine.ingest(lines.iterator(), n -> { }, source.name());
        List<Object> errors = new ArrayList<>();
        for (IngestReport.LineError e : report.errors()) {
            errors.add(ResultJson.ordered("line", e.line(), "error", e.error()));
        }
        Map<String, Object> summary = ResultJson.ordered("accepted", report.accepted(), "duplicates",
                report.duplicates(), "rejected", report.rejected(), "errors", errors);
        if (!type.equals(NDJSON) && report.rejected() > 0) {
            String error = report.errors().get(0).error();
            int colon = error.indexOf(": ");
            List<io.credence.Problem> problems = colon > 0
                    ? List.of(new io.credence.Problem(error.substring(0, colon), error.substring(colon + 2)))
                    : List.of(new io.credence.Problem("", error));
            Problems.send(ctx, error.contains("different content") ? 409 : 422, "event-rejected",
                    "Unprocessable content", error, problems);
            return;
        }
        send(ctx, 200, summary);
    }

    private void retract(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, Set.of("source", "id", "reason"));
        String source = requiredText(body, "source");
        String id = requiredText(body, "id");
        String reason = requiredText(body, "reason");
        ApiKey caller = caller(ctx);
        if (caller.role() instanceof Role.Source s && !s.name().equals(source)) {
            throw ApiProblem.forbidden("a source may retract only its own events; this key is for \"" + s.name() + "\"");
        }
        Retraction r = engine.retract(new EventKey(source, id), reason, caller.label());
        send(ctx, 201, ResultJson.ordered("event", ResultJson.key(r.event()), "reason", r.reason(), "by", r.by(),
                "recorded", r.recorded().toString()));
    }

    private void standing(Context ctx) {
        String subject = ctx.pathParam("id");
        Standing standing = engine.standing(subject, at(ctx));
        log(ctx, subject, "standing", null, "score " + standing.score() + ", tier " + standing.tier());
        send(ctx, 200, ResultJson.standing(standing));
    }

    private void explanation(Context ctx) {
        String subject = ctx.pathParam("id");
        Explanation explanation = engine.explain(subject, at(ctx));
        log(ctx, subject, "explanation", null, "score " + explanation.standing().score() + ", tier "
                + explanation.standing().tier());
        Map<String, Object> body = ResultJson.explanation(explanation);
        markDisputed(subject, body);
        send(ctx, 200, body);
    }

    private void file(Context ctx) {
        String subject = ctx.pathParam("id");
        engine.journal().flush(); // the file shows every decision and inquiry, including the latest
        SubjectHistory history = engine.history(subject);
        Instant now = engine.clock().instant();
        List<Object> events = new ArrayList<>();
        io.credence.repair.RepairService repairService = new io.credence.repair.RepairService(engine);
        List<Map<String, Object>> repairs = engine.rulebook().isPresent() ? repairService.list(null) : List.of();
        List<io.credence.dispute.Dispute> subjectDisputes = disputes.of(subject); // once: events and the list
        Map<EventKey, io.credence.dispute.Dispute> openDisputes = DisputeService.openByEvent(subjectDisputes);
        for (Event e : history.events()) {
            Map<String, Object> entry = ResultJson.ordered("event", ResultJson.key(e.key()), "type", e.type(), "at",
                    e.at().toString(), "data", e.data(), "recorded",
                    String.valueOf(history.recorded().get(e.key())));
            var open = openDisputes.get(e.key());
            if (open != null) {
                entry.put("dispute", DisputeService.json(open));
            }
            // What the subject may ask about this record now: exactly what the API would accept.
            List<String> actions = new ArrayList<>();
            if (open == null && !history.retractions().containsKey(e.key())) {
                actions.add("dispute");
            }
            if (engine.rulebook().isPresent() && repairService.refusal(history, e, repairs) == null) {
                actions.add("repair");
            }
            entry.put("actions", actions);
            Retraction r = history.retractions().get(e.key());
            if (r != null) {
                entry.put("retraction", ResultJson.ordered("reason", r.reason(), "by", r.by(), "recorded",
                        r.recorded().toString()));
            }
            events.add(entry);
        }
        List<Object> listings = new ArrayList<>();
        engine.rulebook().ifPresent(rulebook -> {
            for (ListEntry entry : StandingEvaluator.explain(rulebook, history, now).listEntries()) {
                listings.add(listEntry(entry));
            }
        });
        log(ctx, subject, "file", null, "file read");
        List<StoredRecord> decisions = engine.ledger().records("decision", subject);
        send(ctx, 200, ResultJson.ordered("subject", subject, "events", events, "listings", listings, "disputes",
                subjectDisputes.stream().map(DisputeService::json).toList(), "decisions",
                withReviews(bodies(decisions)), "inquiries", InquiryLog.of(engine.ledger(), subject, decisions)));
    }

    /** Marks each decision with its review: none, open, granted or declined. */
    @SuppressWarnings("unchecked")
    private List<Object> withReviews(List<Object> decisions) {
        for (Object d : decisions) {
            Map<String, Object> decision = (Map<String, Object>) d;
            String id = String.valueOf(decision.get("decision"));
            String review = "none";
            var resolution = engine.ledger().record(io.credence.review.ReviewService.RESOLUTION, id);
            if (resolution.isPresent()) {
                review = String.valueOf(Json.object(resolution.get().body()).get("outcome"));
            } else if (engine.ledger().record(io.credence.review.ReviewService.REQUEST, id).isPresent()) {
                review = "open";
            }
            decision.put("review", review);
        }
        return decisions;
    }

    private void inquiriesOf(Context ctx) {
        String subject = ctx.pathParam("id");
        engine.journal().flush();
        send(ctx, 200, ResultJson.ordered("subject", subject, "inquiries",
                InquiryLog.of(engine.ledger(), subject, engine.ledger().records("decision", subject))));
    }

    private void decide(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, DECISION_FIELDS);
        String subject = requiredText(body, "subject");
        String domain = requiredText(body, "domain");
        Instant at = body.get("at") == null ? engine.clock().instant() : instant("at", body.get("at"));
        ApiKey caller = caller(ctx);
        boolean provider = caller.role() instanceof Role.Provider;
        if (caller.role() instanceof Role.Provider p && !p.domains().contains(domain)) {
            throw ApiProblem.forbidden("this provider key serves " + String.join(", ", p.domains()) + ", not \""
                    + domain + "\"");
        }
        // The decision's record is also the subject's entry of who looked (InquiryLog.of).
        java.util.concurrent.CompletableFuture<Decision> pending = engine.checkAsync(subject, domain, at,
                caller.label(), caller.role().text());
        if (pending.isDone()) {
            answer(ctx, pending.join(), provider);
        } else {
            // A denial is answered once it and its notice are durable; no request thread waits for
            // that meanwhile. The answer is written on one of the server's threads, not the writer's.
            answerLater(ctx, pending.thenAcceptAsync(d -> answer(ctx, d, provider), answers));
        }
    }

    /**
     * The one way a handler defers its answer: Javalin writes it once {@code answered} completes,
     * and the guard times the request until then ({@link #PENDING}).
     */
    private static void answerLater(Context ctx, java.util.concurrent.CompletableFuture<?> answered) {
        ctx.attribute(PENDING, answered);
        ctx.future(() -> answered);
    }

    /** A background task failed: its operator hears of it, unless the server is closing under it. */
    private void background(String task, RuntimeException e) {
        if (!closing) {
            LOG.warn("{} failed: {}", task, e.toString());
        }
    }

    private static void answer(Context ctx, Decision d, boolean provider) {
        ctx.status(200).contentType("application/json").result(ResultJson.decisionText(d, !provider, null));
    }

    private void decision(Context ctx) {
        String id = ctx.pathParam("decision");
        engine.journal().flush(); // an allowed decision may still be on its way to the ledger
        StoredRecord record = engine.ledger().record("decision", id)
                .orElseThrow(() -> ApiProblem.notFound("no decision " + id));
        if (caller(ctx).role() instanceof Role.Subject s && !s.id().equals(record.subject())) {
            throw ApiProblem.notFound("no decision " + id);
        }
        Map<String, Object> body = Json.object(record.body());
        body.put("recorded", record.recorded().toString());
        body.put("asked_by", record.actor());
        send(ctx, 200, body);
    }

    private void list(Context ctx) {
        String name = ctx.pathParam("name");
        Rulebook rulebook = engine.requireRulebook();
        ListDefinition definition = rulebook.lists().get(name);
        if (definition == null) {
            throw ApiProblem.notFound("no list \"" + name + "\" in rulebook " + rulebook);
        }
        Instant at = at(ctx);
        List<Object> entries = new ArrayList<>();
        engine.forEachHistory(rulebook.process().notice() != null, history -> {
            Standing s = StandingEvaluator.standing(rulebook, history, at);
            if (s.lists().contains(name)) {
                for (ListEntry entry : StandingEvaluator.explain(rulebook, history, at).listEntries()) {
                    if (entry.list().equals(name)) {
                        Map<String, Object> e = listEntry(entry);
                        e.put("subject", history.subject());
                        entries.add(e);
                    }
                }
            }
        });
        send(ctx, 200, ResultJson.ordered("list", name, "description", definition.description(), "at", at.toString(),
                "size", entries.size(), "entries", entries));
    }

    private void openDispute(Context ctx) {
        Role.Subject subject = (Role.Subject) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("event", "statement"));
        if (!(body.get("event") instanceof Map<?, ?> event) || !(event.get("source") instanceof String source)
                || !(event.get("id") instanceof String id)) {
            throw ApiProblem.badRequest("event", "must be {\"source\": ..., \"id\": ...}");
        }
        Dispute d = disputes.open(subject.id(), new EventKey(source, id), requiredText(body, "statement"));
        send(ctx, 201, DisputeService.json(d));
    }

    private void disputes(Context ctx) {
        String status = ctx.queryParam("status");
        Dispute.Status wanted = null;
        if (status != null) {
            try {
                wanted = Dispute.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status", "must be open, upheld, overturned or expired; got \"" + status
                        + "\"");
            }
        }
        send(ctx, 200, ResultJson.ordered("disputes", disputes.list(wanted).stream().map(DisputeService::json)
                .toList()));
    }

    private void resolveDispute(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, Set.of("outcome", "reason"));
        Dispute d = disputes.resolve(ctx.pathParam("dispute"), (String) body.get("outcome"),
                (String) body.get("reason"), caller(ctx).label());
        send(ctx, 200, DisputeService.json(d));
    }

    private void requestReview(Context ctx) {
        Role.Subject subject = (Role.Subject) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("statement"));
        send(ctx, 201, new io.credence.review.ReviewService(engine).request(subject.id(), ctx.pathParam("decision"),
                requiredText(body, "statement")));
    }

    private void reviews(Context ctx) {
        send(ctx, 200, ResultJson.ordered("reviews", new io.credence.review.ReviewService(engine)
                .list("open".equals(ctx.queryParam("status")))));
    }

    private void resolveReview(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, Set.of("outcome", "reason", "valid_until"));
        send(ctx, 200, new io.credence.review.ReviewService(engine).resolve(ctx.pathParam("decision"),
                (String) body.get("outcome"), (String) body.get("reason"), (String) body.get("valid_until"),
                caller(ctx).label()));
    }

    private void requestRepair(Context ctx) {
        Role.Subject subject = (Role.Subject) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("event"));
        if (!(body.get("event") instanceof Map<?, ?> event) || !(event.get("source") instanceof String source)
                || !(event.get("id") instanceof String id)) {
            throw ApiProblem.badRequest("event", "must be {\"source\": ..., \"id\": ...}");
        }
        send(ctx, 201, new io.credence.repair.RepairService(engine).request(subject.id(), new EventKey(source, id)));
    }

    private void repairs(Context ctx) {
        send(ctx, 200, ResultJson.ordered("repairs", new io.credence.repair.RepairService(engine)
                .list(ctx.queryParam("status"))));
    }

    private void decideRepair(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, Set.of("outcome", "reason"));
        send(ctx, 200, new io.credence.repair.RepairService(engine).decide(ctx.pathParam("repair"),
                (String) body.get("outcome"), (String) body.get("reason"), caller(ctx).label()));
    }

    private void interaction(Context ctx) {
        Role.Source source = (Role.Source) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("id", "subjects", "at", "kind"));
        List<String> subjects = new ArrayList<>();
        if (body.get("subjects") instanceof List<?> list) {
            list.forEach(x -> subjects.add(String.valueOf(x)));
        }
        String ref = new io.credence.rating.RatingService(engine).interaction(source.name(), requiredText(body, "id"),
                subjects, requiredText(body, "at"), body.get("kind") == null ? null : String.valueOf(body.get("kind")));
        send(ctx, 201, ResultJson.ordered("interaction", ref));
    }

    private void rate(Context ctx) {
        Role.Subject rater = (Role.Subject) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("interaction", "stars", "comment"));
        send(ctx, 201, new io.credence.rating.RatingService(engine).rate(rater.id(), requiredText(body, "interaction"),
                body.get("stars"), body.get("comment") == null ? null : String.valueOf(body.get("comment"))));
    }

    private void ratingsOf(Context ctx) {
        send(ctx, 200, new io.credence.rating.RatingService(engine).of(ctx.pathParam("id")));
    }

    private void transparency(Context ctx) {
        if (engine.rulebook().isEmpty()) {
            throw ApiProblem.notFound("no rulebook is published yet");
        }
        send(ctx, 200, io.credence.transparency.Transparency.report(engine));
    }

    private void setWebhook(Context ctx) {
        String subject = ctx.pathParam("id");
        Map<String, Object> body = jsonBody(ctx, Set.of("url"));
        Object url = body.get("url");
        if (url != null && !(url instanceof String)) {
            throw ApiProblem.badRequest("url", "must be a string");
        }
        webhooks.register(subject, (String) url, caller(ctx).label());
        send(ctx, 200, ResultJson.ordered("subject", subject, "url", url));
    }

    private void noticesOf(Context ctx) {
        String subject = ctx.pathParam("id");
        engine.history(subject); // validates the id
        notices.refresh(subject);
        send(ctx, 200, ResultJson.ordered("subject", subject, "notices", notices.inbox(subject).stream()
                .map(io.credence.notice.NoticeService::json).toList()));
    }

    private void fileReport(Context ctx) {
        Role.Subject reporter = (Role.Subject) caller(ctx).role();
        Map<String, Object> body = jsonBody(ctx, Set.of("subject", "type", "at", "description", "evidence"));
        var report = reportService.file(reporter.id(), requiredText(body, "subject"), requiredText(body, "type"),
                requiredText(body, "at"), requiredText(body, "description"),
                body.get("evidence") == null ? null : String.valueOf(body.get("evidence")));
        send(ctx, 201, io.credence.report.ReportService.json(report, true));
    }

    private void reports(Context ctx) {
        String status = ctx.queryParam("status");
        io.credence.report.Report.Status wanted = null;
        if (status != null) {
            try {
                wanted = io.credence.report.Report.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status", "must be pending, accepted or rejected; got \"" + status + "\"");
            }
        }
        send(ctx, 200, ResultJson.ordered("reports", reportService.list(wanted).stream()
                .map(r -> io.credence.report.ReportService.json(r, true)).toList()));
    }

    private void decideReport(Context ctx) {
        Map<String, Object> body = jsonBody(ctx, Set.of("outcome", "reason"));
        var report = reportService.decide(ctx.pathParam("report"), (String) body.get("outcome"),
                (String) body.get("reason"), caller(ctx).label());
        send(ctx, 200, io.credence.report.ReportService.json(report, true));
    }

    /** Shows an open dispute, with the subject's statement, on the event it challenges. */
    @SuppressWarnings("unchecked")
    private void markDisputed(String subject, Map<String, Object> explanation) {
        Map<EventKey, io.credence.dispute.Dispute> open = disputes.openDisputes(subject);
        for (Object e : (List<Object>) explanation.get("events")) {
            Map<String, Object> event = (Map<String, Object>) e;
            Map<String, Object> key = (Map<String, Object>) event.get("event");
            var d = open.get(new EventKey((String) key.get("source"), (String) key.get("id")));
            if (d != null) {
                event.put("dispute", DisputeService.json(d));
            }
        }
    }

    private void verify(Context ctx) {
        Verification v = engine.verify();
        send(ctx, 200, ResultJson.ordered("intact", v.intact(), "entries", v.entries(), "head", v.headHash(),
                "first_bad_entry", v.firstBadSeq(), "problem", v.problem()));
    }

    // ---------------------------------------------------------------- helpers

    private void log(Context ctx, String subject, String what, String domain, String outcome) {
        ApiKey caller = caller(ctx);
        inquiries.record(subject, caller.label(), caller.role().text(), what, domain, outcome,
                engine.clock().instant());
    }

    private static Map<String, Object> listEntry(ListEntry entry) {
        return ResultJson.ordered("list", entry.list(), "basis", ResultJson.key(entry.basis()), "type",
                entry.basisType(), "since", entry.since().toString(), "until", entry.until().toString(), "lifted_by",
                entry.liftedBy(), "effective_from", entry.effectiveFrom().toString());
    }

    private static List<Object> bodies(List<StoredRecord> records) {
        List<Object> out = new ArrayList<>();
        for (StoredRecord r : records) {
            Map<String, Object> body = Json.object(r.body());
            body.putIfAbsent("recorded", r.recorded().toString());
            out.add(body);
        }
        return out;
    }

    private static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private static String contentType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        if (type.equals("application/json")) {
            return type; // nearly every request: no copies
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(Context ctx, long limit) {
        long length = ctx.contentLength();
        if (length > limit) {
            drain(ctx, length);
            throw new ApiProblem(413, "too-large", "the body is " + length + " bytes; the limit here is " + limit);
        }
        byte[] bytes;
        if (length >= 0) {
            // The announced length, read at once (Javalin's bodyAsBytes copies through a fresh
            // buffer of its own on every request).
            try {
                bytes = ctx.req().getInputStream().readNBytes((int) length);
            } catch (java.io.IOException e) {
                throw ApiProblem.badRequest("body", "could not be read: " + e.getMessage());
            }
        } else {
            bytes = ctx.bodyAsBytes();
        }
        if (bytes.length > limit) {
            throw new ApiProblem(413, "too-large", "the body is " + bytes.length + " bytes; the limit here is "
                    + limit);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Bodies up to this size are read and dropped before a 413, so the client reads the answer. */
    private static final long DRAIN_LIMIT = 8L << 20;

    /**
     * Reads and drops a refused body that is not too large to. Closing a connection with the body
     * still unread makes TCP reset it, and the client may then lose the 413 it was sent.
     */
    private static void drain(Context ctx, long length) {
        if (length > DRAIN_LIMIT) {
            return;
        }
        try (java.io.InputStream in = ctx.req().getInputStream()) {
            in.skip(length);
            while (in.read() >= 0) {
                in.skip(length);
            }
        } catch (java.io.IOException e) {
            // The client went away; nobody is left to answer.
        }
    }

    private static Map<String, Object> jsonBody(Context ctx, Set<String> fields) {
        String type = contentType(ctx);
        if (!type.equals("application/json")) {
            throw new ApiProblem(415, "unsupported-media-type", "send application/json; got "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        String text = text(ctx, MAX_BODY);
        Map<String, Object> body = Json.flatStringObject(text); // a fresh LinkedHashMap, as fastObject's
        if (body == null) {
            body = Json.fastObject(text);
        }
        for (String field : body.keySet()) {
            if (!fields.contains(field)) {
                throw ApiProblem.badRequest(field, "unknown field; allowed: " + String.join(", ",
                        fields.stream().sorted().toList()));
            }
        }
        return body;
    }

    private static String requiredText(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw ApiProblem.badRequest(field, value == null ? "is required" : "must be a non-empty string");
        }
        return s;
    }

    private Instant at(Context ctx) {
        String at = ctx.queryParam("at");
        return at == null ? engine.clock().instant() : instant("at", at);
    }

    private static Instant instant(String field, Object value) {
        try {
            return Instants.parse(value instanceof String s ? s : String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(field, e.getMessage());
        }
    }
}
