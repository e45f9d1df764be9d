package io.credence.server;

import io.credence.codec.Json;
import io.credence.ledger.Ledger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every read of a subject's standing, explanation or file, and every decision about them, recorded
 * in the ledger as an {@code inquiry} record: when, who (key label and role), what, the domain and
 * the outcome. Written by one background thread so that a read never waits for the ledger's writer
 * (which may be busy with a long ingest); {@link #close} drains what is queued.
 */
final class InquiryLog implements AutoCloseable {
    static final String KIND = "inquiry";

    private final Ledger ledger;
    private final BlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closing;

    InquiryLog(Ledger ledger) {
        this.ledger = ledger;
        this.writer = new Thread(this::drain, "credence-inquiries");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    void record(String subject, String label, String role, String what, String domain, String outcome, Instant at) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("subject", subject);
        entry.put("at", at.toString());
        entry.put("who", label);
        entry.put("role", role);
        entry.put("what", what);
        entry.put("domain", domain);
        entry.put("outcome", outcome);
        pending.incrementAndGet();
        if (!queue.offer(entry)) {
            // Backpressure rather than silence: a full queue writes on the caller's thread.
            write(entry);
        }
    }

    private void drain() {
        while (!closing || !queue.isEmpty()) {
            try {
                Map<String, Object> entry = queue.poll(100, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    java.util.List<Map<String, Object>> batch = new java.util.ArrayList<>();
                    batch.add(entry);
                    queue.drainTo(batch, 5_000);
                    writeAll(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One group commit for everything queued: inquiries must never cost a commit each. */
    private void writeAll(java.util.List<Map<String, Object>> entries) {
        java.util.List<Ledger.RecordDraft> drafts = new java.util.ArrayList<>(entries.size());
        for (Map<String, Object> entry : entries) {
            drafts.add(new Ledger.RecordDraft(KIND, UUID.randomUUID().toString(), (String) entry.get("subject"),
                    Json.write(entry), (String) entry.get("who")));
        }
        try {
            ledger.appendRecords(drafts);
        } catch (RuntimeException e) {
            // The store is closing or unavailable; the requests that caused these were answered already.
        } finally {
            pending.addAndGet(-entries.size());
        }
    }

    private void write(Map<String, Object> entry) {
        try {
            ledger.appendRecord(KIND, UUID.randomUUID().toString(), (String) entry.get("subject"), Json.write(entry),
                    (String) entry.get("who"));
        } catch (RuntimeException e) {
            // The store is closing or unavailable; the request that caused this was answered already.
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Waits until everything queued so far is in the ledger. */
    void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
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
