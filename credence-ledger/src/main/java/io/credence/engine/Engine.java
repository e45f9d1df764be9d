package io.credence.engine;

import io.credence.BadInputException;
import io.credence.CredenceException;
import io.credence.ErrorCode;
import io.credence.codec.ResultJson;
import io.credence.codec.RulebookCodec;
import io.credence.decision.Decision;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.ledger.Ledger;
import io.credence.ledger.Ledgers;
import io.credence.ledger.PublishedRulebook;
import io.credence.ledger.Verification;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookValidation;
import io.credence.simulation.Simulation;
import io.credence.standing.Explanation;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Credence's operations over one ledger: publish a rulebook, ingest, retract, and derive standings,
 * explanations, decisions and simulations. The CLI and the HTTP service both call this, so they
 * cannot disagree. The compiled current rulebook is cached and replaced on publish. Thread-safe.
 */
public final class Engine implements AutoCloseable {
    /** The reason an allowed decision gives when a reviewer's override is in force. */
    public static final String GRANTED_ON_REVIEW = "granted on review";
    /** Events per ledger transaction when ingesting a stream. */
    public static final int INGEST_BATCH = 50_000;

    private final Ledger ledger;
    private final Clock clock;
    private volatile Rulebook current;
    /**
     * The stored rulebook being compiled when the engine opened, or null. Compiling takes most of a
     * second (CEL's start-up); an ingest reads and parses its first lines meanwhile.
     */
    private volatile java.util.concurrent.CompletableFuture<Rulebook> compiling;
    private final List<Consumer<java.util.Collection<String>>> writeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Started on first use; CLI commands that never journal never start its thread. */
    private volatile io.credence.ledger.RecordJournal journal;

    private final ServingState serving;
    private final java.util.concurrent.Semaphore evaluating =
            new java.util.concurrent.Semaphore(2 * Runtime.getRuntime().availableProcessors());

    private Engine(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.compiling = ledger.currentRulebook().map(published -> java.util.concurrent.CompletableFuture.supplyAsync(
                () -> compilePublished(published),
                runnable -> Threads.daemon("credence-rulebook-compile").newThread(runnable).start())).orElse(null);
        this.serving = new ServingState(this::requireRulebook, this::history, clock);
        ledger.onExternalChange(this::externalChange);
    }

    /**
     * Whether any review was ever resolved in this ledger: until one is, no denial can have been
     * overridden, and a denial need not look. Null when not known (at start, after another process wrote).
     */
    private volatile Boolean reviewsResolved;

    private boolean anyReviewResolved() {
        Boolean known = reviewsResolved;
        if (known == null) {
            known = !ledger.recordsAfter(io.credence.review.ReviewService.RESOLUTION, 0, 1).isEmpty();
            reviewsResolved = known;
        }
        return known;
    }

    /** A reviewer resolved a review request (see {@link io.credence.review.ReviewService}). */
    public void reviewResolved() {
        reviewsResolved = Boolean.TRUE;
    }

    /**
     * Another process wrote to the store: the kept standings of the subjects it wrote about are
     * dropped; after a rulebook (or a very large write) everything is, and a newer rulebook is taken up.
     */
    private void externalChange(Ledger.ExternalChange change) {
        reviewsResolved = null;
        if (!change.everything()) {
            serving.invalidate(change.subjects());
            return;
        }
        Rulebook published = compiled();
        Optional<PublishedRulebook> stored = ledger.currentRulebook();
        if (stored.isPresent() && (published == null || stored.get().version() != published.version())) {
            current = compilePublished(stored.get());
        }
        serving.clear();
    }

    /** The standings kept in memory for decisions. */
    public ServingState serving() {
        return serving;
    }

    /** Loads every subject's current standing into {@link #serving()}: one pass over the ledger. */
    public void loadServingState() {
        Rulebook rulebook = requireRulebook();
        serving.load(consumer -> forEachHistory(needsRecorded(rulebook), consumer));
    }

    /**
     * A subject's history changed other than by an event or retraction (a repair was approved): as
     * after any write, their kept standing is dropped and the write listeners are told (the server
     * brings their inbox up to date).
     */
    public void changed(String subject) {
        touched(java.util.Set.of(subject));
    }

    public static Engine open(Path directory, boolean create, Clock clock) {
        return new Engine(Ledgers.sqlite(directory, create, clock), clock);
    }

    public static Engine over(Ledger ledger, Clock clock) {
        return new Engine(ledger, clock);
    }

    private static Rulebook compilePublished(PublishedRulebook published) {
        return RulebookCodec.compile(published.yaml(), null).orThrow();
    }

    /**
     * Registers a listener told, after each committed write, which subjects it touched (events
     * accepted, a retraction). Listeners run on the writing thread and must hand work off quickly.
     */
    public void onWrite(Consumer<java.util.Collection<String>> listener) {
        writeListeners.add(listener);
    }

    private void touched(java.util.Collection<String> subjects) {
        if (!subjects.isEmpty()) {
            serving.invalidate(subjects);
            for (Consumer<java.util.Collection<String>> listener : writeListeners) {
                listener.accept(subjects);
            }
        }
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * Records written behind the caller, in groups (allowed decisions; the server's inquiries).
     * {@link #close} drains it.
     */
    public io.credence.ledger.RecordJournal journal() {
        io.credence.ledger.RecordJournal j = journal;
        if (j == null) {
            synchronized (this) {
                j = journal;
                if (j == null) {
                    j = new io.credence.ledger.RecordJournal(ledger, "credence-journal");
                    journal = j;
                }
            }
        }
        return j;
    }

    public Clock clock() {
        return clock;
    }

    public Optional<Rulebook> rulebook() {
        return Optional.ofNullable(compiled());
    }

    /** The published rulebook. */
    public Rulebook requireRulebook() {
        Rulebook rulebook = compiled();
        if (rulebook == null) {
            throw new NoRulebookException();
        }
        return rulebook;
    }

    /** The current rulebook, once compiled (waiting for the compilation begun at open), or null. */
    private Rulebook compiled() {
        Rulebook rulebook = current;
        java.util.concurrent.CompletableFuture<Rulebook> pending = compiling;
        if (rulebook == null && pending != null) {
            rulebook = await(pending);
            synchronized (this) {
                if (current == null) {
                    current = rulebook;
                }
                compiling = null;
                rulebook = current;
            }
        }
        return rulebook;
    }

    /** Whether a rulebook is published (without waiting for its compilation). */
    private boolean hasRulebook() {
        return current != null || compiling != null;
    }

    /** Validates a candidate against the rules of spec section 2, including the version rule. */
    public RulebookValidation validate(String yaml) {
        Rulebook published = compiled();
        return RulebookCodec.compile(yaml, published == null ? null : published.version());
    }

    /** Validates and publishes; the publication is itself a ledger entry. */
    public synchronized Rulebook publish(String yaml, String actor) {
        Rulebook rulebook = validate(yaml).orThrow();
        ledger.publishRulebook(rulebook.name(), rulebook.version(), yaml, actor);
        current = rulebook;
        compiling = null;
        serving.clear();
        return rulebook;
    }

    /**
     * Ingests JSON Lines. Each line is checked on its own; rejected lines are reported with their
     * number and the rest are kept. Accepted events are appended in batches of {@link #INGEST_BATCH},
     * one transaction each.
     *
     * @param progress told the number of lines read so far, now and then
     */
    public IngestReport ingest(Iterator<String> lines, LongConsumer progress) {
        return ingest(lines, progress, null);
    }

    /**
     * Ingests JSON Lines; when {@code onlySource} is set, lines from any other source are rejected
     * (an HTTP source key may only report its own events).
     */
    public IngestReport ingest(Iterator<String> lines, LongConsumer progress, String onlySource) {
        requireRulebook();
        return new Ingest(ledger, this::requireRulebook, clock.instant(), onlySource, this::touched)
                .run(lines, progress);
    }

    /**
     * Ingests JSON Lines read from a stream of UTF-8 bytes (a file, stdin): the fast way for large
     * inputs, with the same results as {@link #ingest(Iterator, LongConsumer)}.
     */
    public IngestReport ingest(java.io.InputStream in, LongConsumer progress) {
        if (!hasRulebook()) {
            throw new NoRulebookException();
        }
        return new Ingest(ledger, this::requireRulebook, clock.instant(), null, this::touched).run(in, progress);
    }

    /** The future's value; its failure rethrown as is when unchecked (so a CredenceException stays one). */
    static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public Retraction retract(EventKey key, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("reason", "is required: a retraction must say why");
        }
        Retraction retraction = ledger.retract(key, reason, actor);
        ledger.event(key).ifPresent(e -> touched(java.util.Set.of(e.subject())));
        return retraction;
    }

    public SubjectHistory history(String subject) {
        checkSubject(subject);
        return ledger.history(subject).withRepairs(io.credence.repair.RepairService.approved(ledger, subject)
                .getOrDefault(subject, Map.of()));
    }

    /** Every known subject's history, with approved repairs attached, in subject order. */
    public void forEachHistory(boolean withRecorded, Consumer<SubjectHistory> consumer) {
        Map<String, Map<io.credence.event.EventKey, Instant>> repairs =
                io.credence.repair.RepairService.approved(ledger, null);
        ledger.forEachHistory(withRecorded, repairs.isEmpty() ? consumer
                : h -> consumer.accept(h.withRepairs(repairs.getOrDefault(h.subject(), Map.of()))));
    }

    public Standing standing(String subject, Instant at) {
        return StandingEvaluator.standing(requireRulebook(), history(subject), at);
    }

    public Explanation explain(String subject, Instant at) {
        return StandingEvaluator.explain(requireRulebook(), history(subject), at);
    }

    /** Decides and records the decision, with what it was derived from. */
    public Decision check(String subject, String domain, Instant at, String actor) {
        return check(subject, domain, at, actor, null);
    }

    /**
     * Decides and records the decision, with what it was derived from and who asked: {@code actor}
     * (a key's label) in the record, {@code role} (when known) as its {@code asked_by_role}. The
     * record is also the subject's entry in their log of who looked: one ledger entry per decision.
     */
    public Decision check(String subject, String domain, Instant at, String actor, String role) {
        try {
            return checkAsync(subject, domain, at, actor, role).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * {@link #check(String, String, Instant, String, String)} without holding the caller's thread
     * while a denial is made durable: an allowance comes back completed; a denial completes, on
     * the journal's writer thread, once it and its notice are in the ledger (never before).
     */
    public java.util.concurrent.CompletableFuture<Decision> checkAsync(String subject, String domain, Instant at,
            String actor, String role) {
        checkSubject(subject);
        Decision decision;
        // Admission: at most a few decisions evaluate at once (one that misses the kept standings
        // reads and evaluates a history); more runnable threads than cores only take CPU from the
        // journal's writer, which every denial waits for. Not held while a denial is committed.
        evaluating.acquireUninterruptibly();
        try {
            decision = serving.decide(subject, domain, at, newDecisionId());
        } finally {
            evaluating.release();
        }
        if (!decision.allowed() && anyReviewResolved()
                && io.credence.review.ReviewService.overridden(ledger, subject, domain, at)) {
            decision = new Decision(decision.id(), subject, domain, at, true, List.of(GRANTED_ON_REVIEW),
                    List.of(), decision.score(), decision.tier(), decision.lists(), decision.rulebook(),
                    decision.failures());
        }
        Ledger.RecordDraft record = new Ledger.RecordDraft("decision", decision.id(), subject,
                ResultJson.decisionText(decision, true, role), actor);
        if (decision.allowed()) {
            // Written behind the answer, in groups: losing it in a crash costs nobody a recourse.
            journal().add(record);
            return java.util.concurrent.CompletableFuture.completedFuture(decision);
        }
        // A denial and its notice are durable before the denial is answered: one transaction,
        // shared with whatever else the journal commits at the same moment.
        Decision denial = decision;
        return journal().commitAsync(List.of(record, new io.credence.notice.NoticeService(this).decisionDenied(
                denial, actor))).thenApply(stored -> denial);
    }

    /** Every known subject's standing at {@code at}, in subject order. */
    public void scores(Instant at, Consumer<Standing> consumer) {
        scores(at, standing -> standing, consumer);
    }

    /**
     * Every known subject's standing at {@code at}, passed through {@code map} on the evaluating
     * threads (formatting, say), then to {@code consumer} in subject order on this thread.
     */
    public <T> void scores(Instant at, java.util.function.Function<Standing, T> map, Consumer<T> consumer) {
        Rulebook rulebook = requireRulebook();
        // This thread reads histories; one worker evaluates (and maps) them a chunk at a time, and
        // results are handed to the consumer in subject order, on this thread. A second worker was
        // slower on two cores: the reading thread and the JIT need the other one.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(
                Threads.daemon("credence-scores"));
        java.util.ArrayDeque<java.util.concurrent.Future<List<T>>> inFlight = new java.util.ArrayDeque<>();
        List<List<SubjectHistory>> chunk = new ArrayList<>(1);
        chunk.add(new ArrayList<>(SCORE_CHUNK));
        try {
            forEachHistory(needsRecorded(rulebook), history -> {
                chunk.get(0).add(history);
                if (chunk.get(0).size() == SCORE_CHUNK) {
                    List<SubjectHistory> full = chunk.set(0, new ArrayList<>(SCORE_CHUNK));
                    inFlight.add(pool.submit(() -> evaluate(rulebook, full, at, map)));
                    while (inFlight.size() > 4 || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
                        await(inFlight.poll()).forEach(consumer);
                    }
                }
            });
            List<SubjectHistory> last = chunk.get(0);
            inFlight.add(pool.submit(() -> evaluate(rulebook, last, at, map)));
            while (!inFlight.isEmpty()) {
                await(inFlight.poll()).forEach(consumer);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static final int SCORE_CHUNK = 1_000;

    private static <T> List<T> evaluate(Rulebook rulebook, List<SubjectHistory> histories, Instant at,
            java.util.function.Function<Standing, T> map) {
        List<T> standings = new ArrayList<>(histories.size());
        for (SubjectHistory history : histories) {
            standings.add(map.apply(StandingEvaluator.standing(rulebook, history, at)));
        }
        return standings;
    }


    /** The effect of a candidate rulebook on every known subject, without publishing it. */
    public Simulation.Report simulate(String yaml, Instant at, LongConsumer progress) {
        Rulebook published = requireRulebook();
        Rulebook candidate = validate(yaml).orThrow();
        Simulation simulation = new Simulation(published, candidate, at);
        long[] done = {0};
        forEachHistory(needsRecorded(published) || needsRecorded(candidate), history -> {
            simulation.add(history);
            if (++done[0] % 10_000 == 0) {
                progress.accept(done[0]);
            }
        });
        progress.accept(done[0]);
        return simulation.report();
    }

    private static boolean needsRecorded(Rulebook rulebook) {
        return rulebook.process().notice() != null;
    }

    public Verification verify() {
        io.credence.ledger.RecordJournal j = journal;
        if (j != null) {
            j.flush(); // everything already answered is in what is verified
        }
        return ledger.verify();
    }

    static void checkSubject(String subject) {
        if (!io.credence.event.EventParser.isSubject(subject)) { // no regex: every decision asks
            throw new BadInputException("subject", "must be 1-64 characters of A-Z a-z 0-9 . _ : -; got "
                    + (subject == null ? "nothing" : "\"" + subject + "\""));
        }
    }

    static String newDecisionId() {
        return io.credence.ledger.RecordIds.timeOrdered("d-");
    }

    @Override
    public void close() {
        io.credence.ledger.RecordJournal j = journal;
        if (j != null) {
            j.close();
        }
        ledger.close();
    }

    /** Nothing can be scored or ingested before a rulebook is published. */
    public static final class NoRulebookException extends CredenceException {
        private static final long serialVersionUID = 1L;

        NoRulebookException() {
            super(ErrorCode.NO_RULEBOOK, "no rulebook is published yet: publish one first (credence rulebook publish FILE)");
        }
    }
}
