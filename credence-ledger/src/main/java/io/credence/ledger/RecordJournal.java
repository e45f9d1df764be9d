package io.credence.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for records: one background thread takes everything queued, up to {@link #GROUP}
 * records, and appends it in one {@link Ledger#appendRecords} (one transaction). Two ways in:
 * {@link #add} returns at once (inquiries, decisions that allowed what was asked: losing the last
 * few milliseconds of them in a crash of the machine costs nobody a recourse); {@link #commit}
 * returns when its records are durable (a denial and its notice), and goes to the front of the
 * queue. A group holding any record someone waits for is committed with an fsync, a group of
 * records added without waiting without one of its own. Commits start at least {@link #PACE}
 * apart, so that under load many callers share one (decisions 018); when commits are rare nothing
 * waits. One writer: callers never queue on the ledger's lock behind each other. {@link #flush}
 * waits until the queue is empty; {@link #close} drains it. Thread-safe.
 */
public final class RecordJournal implements AutoCloseable {
    /** The most records one commit takes: enough to share an fsync, few enough not to keep a denial waiting. */
    static final int GROUP = 500;
    /**
     * The least time between the starts of two commits. A commit's fixed cost (its transaction,
     * pages of the WAL, an fsync) was most of what the journal spent under a decision load, when
     * each denial had a commit of its own (decisions 018).
     */
    static final long PACE = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordJournal.class);

    private record Entry(List<Ledger.RecordDraft> drafts, CompletableFuture<List<StoredRecord>> done) {}

    private final Ledger ledger;
    /** Waiting callers go to the front, so a denial never queues behind a backlog of allowances. */
    private final BlockingDeque<Entry> queue = new LinkedBlockingDeque<>();
    /** How far callers that do not wait may run ahead of the writer: backpressure, not loss. */
    private final Semaphore unwaited = new Semaphore(4 * GROUP);
    private final AtomicLong outstanding = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder written = new java.util.concurrent.atomic.LongAdder();
    private final Thread writer;
    private volatile boolean closing;
    private final long pace;
    /** When the writer last started a commit (its own thread only): a pace ago at first. */
    private long lastCommit;

    public RecordJournal(Ledger ledger, String name) {
        this(ledger, name, PACE);
    }

    /** With another pace than {@link #PACE}, for tests. */
    RecordJournal(Ledger ledger, String name, long pace) {
        this.ledger = ledger;
        this.pace = pace;
        this.lastCommit = System.nanoTime() - pace;
        this.writer = new Thread(this::drain, name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues a record and returns; it reaches the ledger with the next group. */
    public void add(Ledger.RecordDraft draft) {
        enqueue(new Entry(List.of(draft), null));
    }

    /**
     * Appends records with the next group and returns when they are durable: what
     * {@link Ledger#appendRecords} returns for them.
     */
    public List<StoredRecord> commit(List<Ledger.RecordDraft> drafts) {
        try {
            return commitAsync(drafts).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * {@link #commit} without waiting: the future completes, on the writer's thread, when the
     * records are durable. Work that follows belongs on an executor of its own
     * ({@code thenApplyAsync(f, executor)}): the writer commits the next group meanwhile.
     */
    public CompletableFuture<List<StoredRecord>> commitAsync(List<Ledger.RecordDraft> drafts) {
        Entry entry = new Entry(List.copyOf(drafts), new CompletableFuture<>());
        enqueue(entry);
        return entry.done();
    }

    private void enqueue(Entry entry) {
        outstanding.addAndGet(entry.drafts().size());
        if (entry.done() == null) {
            unwaited.acquireUninterruptibly(); // released when written
        }
        if (closing) {
            write(List.of(entry));
            return;
        }
        if (entry.done() == null) {
            queue.offerLast(entry);
        } else {
            queue.offerFirst(entry);
        }
    }

    private void drain() {
        while (!closing || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Paced: a commit starts at least PACE after the one before, so that a load of many
                // small groups (a denial each) shares commits; nothing waits when commits are rare.
                long wait = lastCommit + pace - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                lastCommit = System.nanoTime();
                List<Entry> group = new ArrayList<>();
                group.add(first);
                int records = first.drafts().size();
                // Everything queued goes in one transaction, denials (at the front) with the
                // allowances behind them: a commit's fixed cost (the transaction, its pages of the
                // WAL, the fsync) is most of what a small group costs.
                for (Entry next; records < GROUP && (next = queue.poll()) != null;) {
                    group.add(next);
                    records += next.drafts().size();
                }
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Entry> group) {
        List<Ledger.RecordDraft> drafts = new ArrayList<>();
        boolean waited = false;
        for (Entry entry : group) {
            drafts.addAll(entry.drafts());
            waited |= entry.done() != null;
        }
        try {
            // Nobody waits for a group of allowances: committed without its own fsync (the next
            // denial's, or the checkpoint's, takes it to disk).
            List<StoredRecord> stored = ledger.appendRecords(drafts, waited);
            commits.increment();
            written.add(stored.size());
            // Stored records come in the drafts' order, without the ones refused: one walk pairs them.
            int next = 0;
            for (Entry entry : group) {
                List<StoredRecord> own = new ArrayList<>(entry.drafts().size());
                for (Ledger.RecordDraft d : entry.drafts()) {
                    if (next < stored.size() && stored.get(next).kind().equals(d.kind())
                            && stored.get(next).ref().equals(d.ref())) {
                        own.add(stored.get(next++));
                    }
                }
                if (entry.done() != null) {
                    entry.done().complete(own);
                }
            }
        } catch (RuntimeException e) {
            // Callers of commit learn of it; records added without waiting had their answers already,
            // and only the log can tell of them.
            int lost = 0;
            for (Entry entry : group) {
                if (entry.done() != null) {
                    entry.done().completeExceptionally(e);
                } else {
                    lost += entry.drafts().size();
                }
            }
            if (lost > 0) {
                LOG.warn("{} records answered before they were stored (allowed decisions, inquiries) were lost"
                        + " with their group: {}", lost, e.getMessage());
            }
        } finally {
            outstanding.addAndGet(-drafts.size());
            for (Entry entry : group) {
                if (entry.done() == null) {
                    unwaited.release();
                }
            }
        }
        // Everyone in the group has their answer: the index step, when due, waits for nobody but
        // the next commit, which the pace holds back anyway.
        ledger.indexBehind();
    }

    /** Groups committed so far (each one transaction and one fsync). */
    public long commits() {
        return commits.sum();
    }

    /** Records written so far. */
    public long written() {
        return written.sum();
    }

    /** Waits (at most ten seconds) until everything queued so far is in the ledger. */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
