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
 * few milliseconds of them in a crash of the machine costs nobody a recourse), and a group of such
 * records is committed without an fsync of its own; {@link #commit} returns when its records are
 * durable (a denial and its notice), and goes to the front of the queue. One writer,
 * groups of up to {@link #GROUP}: callers never queue on the ledger's lock behind each other.
 * {@link #flush} waits until the queue is empty; {@link #close} drains it. Thread-safe.
 */
public final class RecordJournal implements AutoCloseable {
    /** The most records one commit takes: enough to share an fsync, few enough not to keep a denial waiting. */
    static final int GROUP = 500;
    /** The most records a group of callers that do not wait takes: one such commit is a few milliseconds. */
    static final int UNWAITED_GROUP = 200;

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

    public RecordJournal(Ledger ledger, String name) {
        this.ledger = ledger;
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
                List<Entry> group = new ArrayList<>();
                group.add(first);
                int records = first.drafts().size();
                // Callers that wait (denials) are at the front and commit as a group of their own:
                // a small transaction, not one with every allowance queued behind them. Groups of
                // allowances stay small too, so that a denial never waits long for the one in flight.
                boolean waiting = first.done() != null;
                int limit = waiting ? GROUP : UNWAITED_GROUP;
                for (Entry next; records < limit && (next = queue.poll()) != null;) {
                    if (waiting && next.done() == null) {
                        queue.offerFirst(next);
                        break;
                    }
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
            // Callers of commit learn of it; records added without waiting had their answers already.
            for (Entry entry : group) {
                if (entry.done() != null) {
                    entry.done().completeExceptionally(e);
                }
            }
        } finally {
            outstanding.addAndGet(-drafts.size());
            for (Entry entry : group) {
                if (entry.done() == null) {
                    unwaited.release();
                }
            }
        }
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
