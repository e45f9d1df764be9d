package io.credence.server;

import io.credence.codec.Json;
import io.credence.ledger.Ledger;
import io.credence.ledger.RecordJournal;
import io.credence.ledger.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who looked at a subject, and what was decided about them. Every read of a subject's standing,
 * explanation or file is recorded in the ledger as an {@code inquiry} record: when, who (key label
 * and role), what, the domain and the outcome. A decision is not recorded twice: its own
 * {@code decision} record (with {@code asked_by_role}) is its entry, and {@link #of} lists both
 * kinds in the order they were recorded. Written through the engine's {@link RecordJournal}, so
 * that a read never waits for the ledger's writer (which may be busy with a long ingest).
 * Thread-safe.
 */
final class InquiryLog {
    static final String KIND = "inquiry";

    private final RecordJournal journal;

    InquiryLog(RecordJournal journal) {
        this.journal = journal;
    }

    void record(String subject, String label, String role, String what, String domain, String outcome, Instant at) {
        Map<String, Object> entry = entry(subject, at, label, role, what, domain, outcome);
        // Unique, not secret, and time-ordered: consecutive inquiries land on the same index page
        // instead of a random one. No shared SecureRandom on the request path.
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String ref = String.format("%012x-%016x", System.currentTimeMillis(), random.nextLong());
        journal.add(new Ledger.RecordDraft(KIND, ref, subject, Json.write(entry), label));
    }

    /** One entry of the log, as stored for an inquiry and as shown for either kind. */
    private static Map<String, Object> entry(String subject, Instant at, String who, Object role, String what,
            Object domain, String outcome) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("subject", subject);
        entry.put("at", at.toString());
        entry.put("who", who);
        entry.put("role", role);
        entry.put("what", what);
        entry.put("domain", domain);
        entry.put("outcome", outcome);
        return entry;
    }

    /**
     * The subject's log of who looked, oldest first: their inquiry records, and each of
     * {@code decisions} (the subject's decision records) as an entry of the same shape ({@code what}
     * "decision ID", the outcome allowed or denied).
     */
    static List<Object> of(Ledger ledger, String subject, List<StoredRecord> decisions) {
        List<StoredRecord> records = new ArrayList<>(ledger.records(KIND, subject));
        records.addAll(decisions);
        if (!decisions.isEmpty()) {
            records.sort(Comparator.comparingLong(StoredRecord::seq));
        }
        List<Object> out = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            Map<String, Object> body = Json.object(r.body());
            out.add(r.kind().equals(KIND) ? body : entry(subject, r.recorded(), r.actor(),
                    body.getOrDefault("asked_by_role", r.actor()), "decision " + r.ref(), body.get("domain"),
                    Boolean.TRUE.equals(body.get("allowed")) ? "allowed" : "denied"));
        }
        return out;
    }

    /** Waits until everything queued so far is in the ledger. */
    void flush() {
        journal.flush();
    }
}
