package io.credence.engine;

import io.credence.decision.Decision;
import io.credence.decision.StandingShapes;
import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import io.credence.time.Instants;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every subject's current standing, kept in memory so that a decision needs neither a ledger read
 * nor an evaluation: one small entry per subject, holding the shape of their standing (score, tier,
 * lists; shared, see {@link StandingShapes}) and the span of time over which it holds
 * ({@link StandingEvaluator#validity}). A decision at an instant inside the span is a map lookup; one
 * outside it (a contribution expired, a listing ended) or for a subject without an entry reads the
 * subject's history and evaluates, as before, and keeps the result when it covers the present.
 *
 * <p>Staleness. A standing changes only through a write (an event, a retraction, an approved repair,
 * a new rulebook) or at a boundary of its span. Writes through this process call
 * {@link #invalidate}; a rulebook change or another process's write calls {@link #clear}. A reader
 * may have read a history before a write and finish after it: every entry carries the epoch at which
 * its read began, invalidation leaves a marker with a later epoch, and an entry older than the marker
 * (or than the last clear) is not kept. So an entry never outlives the data it was computed from.
 *
 * <p>Thread-safe.
 */
public final class ServingState {
    private final Supplier<Rulebook> rulebook;
    private final Function<String, SubjectHistory> histories;
    private final Clock clock;
    private final ConcurrentHashMap<String, Object> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private volatile long clearedAt;
    private volatile StandingShapes shapes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /** How many values of {@link #entries} are {@link Entry}s, kept in step with every change. */
    private final LongAdder kept = new LongAdder();

    /** A subject's standing, valid at instants {@code [from, until)} (epoch nanoseconds). */
    private record Entry(long epoch, long from, long until, StandingShapes.Shape shape) {}

    /** The subject was written to at {@code epoch}: no entry read before it may be kept. */
    private record Stale(long epoch) {}

    /**
     * @param rulebook the current rulebook (compared by identity: a new one empties the state)
     * @param histories reads one subject's history from the ledger
     */
    public ServingState(Supplier<Rulebook> rulebook, Function<String, SubjectHistory> histories, Clock clock) {
        this.rulebook = rulebook;
        this.histories = histories;
        this.clock = clock;
    }

    /** May {@code subject} use {@code domain} at {@code at}? From memory when the kept standing covers it. */
    public Decision decide(String subject, String domain, Instant at, String id) {
        if (!used) {
            used = true; // once: a volatile write on every decision would fence every decision
        }
        StandingShapes current = shapes(rulebook.get());
        long t = Instants.toNanos(at);
        if (entries.get(subject) instanceof Entry e && e.shape.owner() == current && e.from <= t && t < e.until) {
            hits.increment();
            return e.shape.decide(id, subject, domain, at);
        }
        misses.increment();
        long started = epoch.get();
        SubjectHistory history = histories.apply(subject);
        Standing standing = StandingEvaluator.standing(current.rulebook(), history, at);
        StandingShapes.Shape shape = current.of(standing);
        keep(subject, started, current, history, at, shape);
        return shape.decide(id, subject, domain, at);
    }

    /** Fills the state from every subject's history (the server does this once, in the background). */
    public void load(Consumer<Consumer<SubjectHistory>> forEachHistory) {
        used = true;
        StandingShapes current = shapes(rulebook.get());
        long started = epoch.get();
        Instant now = clock.instant();
        forEachHistory.accept(history -> keep(history.subject(), started, current, history, now,
                current.of(StandingEvaluator.standing(current.rulebook(), history, now))));
        loaded = clearedAt <= started; // a clear during the load leaves it to the next one
    }

    /**
     * Whether the last {@link #load} finished with nothing cleared since: every known subject is kept.
     * Until then decisions are right but slower (they read the ledger).
     */
    public boolean loaded() {
        return loaded;
    }

    private volatile boolean loaded;

    private void keep(String subject, long started, StandingShapes current, SubjectHistory history, Instant at,
            StandingShapes.Shape shape) {
        StandingEvaluator.Validity validity = StandingEvaluator.validity(current.rulebook(), history, at);
        long now = Instants.toNanos(clock.instant());
        // Only the present is worth keeping: a decision about the past or the future is rare.
        if (!validity.covers(now)) {
            return;
        }
        Entry entry = new Entry(started, validity.fromNanos(), validity.untilNanos(), shape);
        entries.compute(subject, (key, old) -> {
            if (started < clearedAt) {
                return old; // read before a clear
            }
            if (old instanceof Stale stale && stale.epoch() > started) {
                return old; // read before a write to this subject
            }
            if (old instanceof Entry later && later.epoch() > started && later.shape.owner() == current) {
                return old; // a later read is kept already
            }
            if (!(old instanceof Entry)) {
                kept.increment();
            }
            return entry;
        });
    }

    /**
     * Set by the first decision or load, before it reads anything. Until then there is nothing to
     * drop, and no read begun before a write can still be going on (writes call {@link #invalidate}
     * after they commit): a batch command that never decides skips the markers.
     */
    private volatile boolean used;

    /** These subjects' histories changed (committed): what is kept for them is dropped. */
    public void invalidate(Collection<String> subjects) {
        if (!used) {
            epoch.incrementAndGet();
            return;
        }
        long now = epoch.incrementAndGet();
        Stale stale = new Stale(now);
        for (String subject : subjects) {
            if (entries.put(subject, stale) instanceof Entry) {
                kept.decrement();
            }
        }
    }

    /** Everything may have changed (a new rulebook, another process's write): everything is dropped. */
    public void clear() {
        loaded = false;
        clearedAt = epoch.incrementAndGet();
        // One by one rather than clear(), so that the count stays exact while readers keep new entries.
        entries.forEach((subject, value) -> {
            if (entries.remove(subject, value) && value instanceof Entry) {
                kept.decrement();
            }
        });
    }

    private StandingShapes shapes(Rulebook current) {
        StandingShapes s = shapes;
        if (s == null || s.rulebook() != current) {
            synchronized (this) {
                s = shapes;
                if (s == null || s.rulebook() != current) {
                    s = new StandingShapes(current);
                    shapes = s;
                }
            }
        }
        return s;
    }

    /** Subjects with a standing kept (a counter: a metrics scrape does not walk a million entries). */
    public int size() {
        return (int) kept.sum();
    }

    /** Decisions answered from memory, and those that read the ledger, since start. */
    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
