package io.credence.ledger;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.standing.SubjectHistory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The append-only, tamper-evident record of everything Credence knows: events, retractions,
 * published rulebooks and decisions (and other records). Entries can only be appended and read;
 * a correction is a new entry. Every entry carries SHA-256 over the previous entry's hash and its own
 * canonical bytes, so {@link #verify()} finds any entry changed, removed, inserted or reordered.
 *
 * <p>Implementations are thread-safe: appends are serialized, reads never wait for them.
 */
public interface Ledger extends AutoCloseable {

    Optional<PublishedRulebook> currentRulebook();

    List<PublishedRulebook> rulebooks();

    PublishedRulebook publishRulebook(String name, long version, String yaml, String actor);

    /**
     * Appends a batch in one transaction: when this returns, every accepted event is durable, and
     * when it throws, nothing of the batch is stored. A second event with an existing (source, id)
     * and identical content is a duplicate (not stored again); with different content, a conflict.
     */
    AppendResult append(List<Event> events);

    /** {@link #append}, for events already in their stored form. */
    AppendResult appendEncoded(List<EncodedEvent> events);

    /**
     * A batch made ready to append (grouped, chained, encoded) without the store, so that the next
     * batch can be prepared while this one is written. Chained from the end of {@code after}, the
     * batch prepared before it, or from the current head when that is null.
     */
    Prepared prepare(List<EncodedEvent> events, Prepared after);

    /**
     * {@link #appendEncoded} for a prepared batch; when another write came between (the head is not
     * the one it was chained from), it is chained again from the head first.
     */
    AppendResult appendPrepared(Prepared prepared);

    /** What {@link #prepare} gives. */
    interface Prepared {
        /** The batch's subjects, each once. */
        java.util.Collection<String> subjects();
    }

    /** Records a retraction of an existing event; refuses a second retraction of the same event. */
    Retraction retract(EventKey event, String reason, String actor);

    Optional<Event> event(EventKey key);

    /** When the ledger acknowledged an event, or empty if it has no such event. */
    Optional<Instant> recorded(EventKey key);

    /** One subject's events, retractions and acknowledgement times. */
    SubjectHistory history(String subject);

    /**
     * Every known subject's history, in subject order, one at a time. Acknowledgement times are
     * included only when {@code withRecorded} is set (they matter only for notice periods).
     */
    void forEachHistory(boolean withRecorded, Consumer<SubjectHistory> consumer);

    long subjectCount();

    long eventCount();

    StoredRecord appendRecord(String kind, String ref, String subject, String body, String actor);

    /**
     * Appends several records in as few transactions as possible; returns when all are durable.
     * Records refused (a repeated kind and ref) are left out of the result. A decision's ref is the
     * exception: decisions are kept in groups (decisions 019) and their refs are not checked, which
     * would cost a lookup in the ref index per decision; the engine draws each at random
     * ({@link RecordIds#timeOrdered}: the millisecond and 60 random bits), so none repeats.
     */
    List<StoredRecord> appendRecords(List<RecordDraft> drafts);

    /**
     * As {@link #appendRecords(List)}, but when {@code durable} is false it may return once the
     * records are committed and before they are on disk: the process may stop at once without losing
     * them, a crash of the machine may lose the last such records (never a part of one, never one
     * before a record that was returned durable). For records whose callers were answered before
     * they were written at all (decisions that allowed what was asked).
     */
    List<StoredRecord> appendRecords(List<RecordDraft> drafts, boolean durable);

    /**
     * Indexes what was appended, when enough is due, in a transaction of its own. A writer that
     * appends in groups (the journal) calls it once it has answered a group's callers, so that none
     * of them waits for the indexing; once a caller has, appends leave it to the caller until twice
     * as much is due. Errors are left for the next append to report.
     */
    default void indexBehind() {}

    /** A record to append: what {@link #appendRecord} takes, as a value. */
    record RecordDraft(String kind, String ref, String subject, String body, String actor) {}

    Optional<StoredRecord> record(String kind, String ref);

    List<StoredRecord> records(String kind, String subject);

    /** Records of a kind appended after sequence number {@code seq}, oldest first, at most {@code limit}. */
    List<StoredRecord> recordsAfter(String kind, long seq, int limit);

    /** The sequence number of the newest entry (0 for an empty ledger). */
    long headSeq();

    /**
     * Registers a listener told, soon after, that another process appended to this ledger (the CLI
     * ingesting into a store a server is serving, say): what this process keeps from the ledger in
     * memory about those subjects, or about everything, may be out of date. Listeners run on a ledger
     * thread and must return quickly.
     */
    void onExternalChange(java.util.function.Consumer<ExternalChange> listener);

    /**
     * What another process appended: entries about these {@code subjects} (events, retractions,
     * records), or, when {@code everything}, something that may change any subject (a rulebook, or
     * more subjects than are worth listing).
     */
    record ExternalChange(java.util.Set<String> subjects, boolean everything) {}

    Verification verify();

    @Override
    void close();
}
