package io.credence.server;

import io.credence.codec.Json;
import io.credence.ledger.Ledger;
import io.credence.ledger.RecordJournal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every read of a subject's standing, explanation or file, and every decision about them, recorded
 * in the ledger as an {@code inquiry} record: when, who (key label and role), what, the domain and
 * the outcome. Written through the engine's {@link RecordJournal}, so that a read never waits for
 * the ledger's writer (which may be busy with a long ingest). Thread-safe.
 */
final class InquiryLog {
    static final String KIND = "inquiry";

    private final RecordJournal journal;

    InquiryLog(RecordJournal journal) {
        this.journal = journal;
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
        // Unique, not secret, and time-ordered: consecutive inquiries land on the same index page
        // instead of a random one. No shared SecureRandom on the request path.
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String ref = String.format("%012x-%016x", System.currentTimeMillis(), random.nextLong());
        journal.add(new Ledger.RecordDraft(KIND, ref, subject, Json.write(entry), label));
    }

    /** Waits until everything queued so far is in the ledger. */
    void flush() {
        journal.flush();
    }
}
