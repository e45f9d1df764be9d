package io.credence.ledger;

import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.standing.SubjectHistory;
import io.credence.time.Instants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The ledger on an embedded SQLite file in WAL mode.
 *
 * <p>Layout. Four append-only tables share one sequence: {@code events}, {@code retractions},
 * {@code rulebooks} and {@code records} (decisions and other kinds). Each entry has its {@code seq},
 * its fields, when it was recorded and its hash. An {@code events} row holds one subject's entries of
 * one batch ({@link EventBlock}), each with its own hash. {@code meta} keeps the head (last seq and
 * hash) so that removing the newest entries is found too. Nothing is ever updated or deleted.
 *
 * <p>Writes. One writer connection, serialized by a lock; a batch is one transaction with
 * {@code synchronous=FULL}, so an acknowledged batch survives a crash and an unacknowledged one leaves
 * no trace. The fast path writes a whole batch in multi-row inserts and relies on the unique key
 * index; if any key collides, the transaction is rolled back and the batch is redone looking up each
 * key, to tell duplicates from conflicts.
 *
 * <p>Reads. Each reading thread borrows its own connection from a pool; WAL readers see the last
 * committed state and never wait for the writer.
 */
final class SqliteLedger implements Ledger {
    static final String FILE_NAME = "ledger.db";
    /** "CRED" in ASCII: marks a SQLite file as a Credence store. */
    static final int APPLICATION_ID = 0x43524544;
    /**
     * 2: events kept as one row per subject and batch ({@link EventBlock}). 3: keys indexed by their
     * fingerprints in sorted runs ({@link KeyIndex}). 4: records' subjects indexed the same way; a
     * format 3 store is brought to 4 when it is opened ({@link #upgradeFrom3}). 5: decisions kept in
     * groups, a row per commit ({@link RecordGroup}, {@code record_groups}), their refs in sorted runs
     * ({@link KeyIndex#RECORD_REFS}); a format 3 or 4 store gains the tables when it is opened, and the
     * decisions it holds stay where they are ({@link #upgradeFrom4}).
     */
    static final int FORMAT = 5;

    /**
     * Records of this kind are kept in groups, not a row each (decisions 019): decisions, the one
     * record every decision asked over HTTP writes. Their refs are the engine's own ids (time and 60
     * random bits), so the store does not check them for uniqueness as it checks every other kind's.
     */
    static boolean grouped(String kind) {
        return grouping && "decision".equals(kind);
    }

    /** Off: every record a row, as format 4 wrote them (tests of upgrades). */
    static boolean grouping = true;

    private final Path file;
    private final Clock clock;
    private final Connection writer;
    /** The writer's own prepared lookups, used under the write lock. */
    private final Reader writerStatements;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Reader> readers = new ConcurrentLinkedQueue<>();
    private final List<Connection> allReaders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Chain chain = new Chain();
    private long headSeq;
    private byte[] headHash;
    /**
     * Every key fingerprint in the store, or more: loaded by a writer meeting a large batch, kept up
     * to date by this process's writes, dropped when another process writes. Under the write lock.
     */
    private KeyIndex.Fingerprints knownKeys;
    /** A batch this large loads {@link #knownKeys} rather than looking its keys up one by one. */
    static final int LOAD_KEYS_AT = 4096;
    private volatile boolean closed;
    private Thread checkpointer;
    /** The writer's prepared statements by their text (see {@link #writerStatement}). */
    private final Map<String, PreparedStatement> writerPrepared = new HashMap<>();
    /**
     * The head this process has written or seen, set before each commit (so the committed head is
     * never above it for this process's own writes) and read by the checkpointer's poll.
     */
    private volatile long knownHead;
    private final List<Consumer<ExternalChange>> externalListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every entry up to this seq is this process's own or was announced to the listeners. */
    private long accountedFor;
    private final Object accounting = new Object();
    /** More subjects than this in one external change: listeners are told that everything changed. */
    static final int MAX_LISTED_SUBJECTS = 50_000;

    private SqliteLedger(Path file, Clock clock, Connection writer) {
        this.file = file;
        this.clock = clock;
        this.writer = writer;
        this.writerStatements = new Reader(writer);
    }

    /**
     * Opens the store in {@code directory}, creating it when {@code create} is set.
     *
     * @throws StoreUnavailableException when it is missing (and not to be created), foreign, corrupted or
     *     written by a newer version of Credence
     */
    static SqliteLedger open(Path directory, boolean create, Clock clock) {
        Path file = directory.resolve(FILE_NAME);
        boolean exists = Files.isRegularFile(file);
        if (!exists && !create) {
            throw new StoreUnavailableException("no Credence store at " + directory
                    + ": publish a rulebook first (credence rulebook publish FILE)");
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new StoreUnavailableException(directory + " is not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create the store directory " + directory + ": " + e.getMessage());
        }
        Connection writer = null;
        try {
            writer = connect(file);
            SqliteLedger ledger = new SqliteLedger(file, clock, writer);
            ledger.prepare(exists);
            ledger.startCheckpointer();
            return ledger;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new StoreUnavailableException(describe(file, e));
        } catch (RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    /**
     * Checkpoints the WAL from a thread of its own, every quarter second, in PASSIVE mode (it never
     * waits for readers or the writer). Left to the writer, a checkpoint runs inside some commit and
     * holds it for as long as it takes to copy the WAL back: hundreds of milliseconds once the WAL
     * is large, which every request waiting for that commit pays.
     */
    private void startCheckpointer() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
        }
        Connection connection = connect(file);
        checkpointer = new Thread(() -> {
            try (connection; Statement s = connection.createStatement()) {
                while (!closed) {
                    if (passiveCheckpoint(s) > walRestartFrames) {
                        // Under a steady stream of commits the WAL is never wholly copied back at the
                        // moment the writer begins, so SQLite never starts it over: it grew by 50 MB/s
                        // under a saturating load of recorded decisions. Past the limit, one more pass
                        // between two of this process's transactions copies back what the pass above
                        // could not, and the next commit writes from the WAL's start. Writers wait for
                        // that pass (70-300 ms measured: its fsync), hence a high limit.
                        writeLock.lockInterruptibly(); // close() interrupts this thread while holding the lock
                        try {
                            passiveCheckpoint(s);
                        } finally {
                            writeLock.unlock();
                        }
                    }
                    // Another process's commit moves the stored head past anything this one wrote.
                    long stored = storedHead(s);
                    if (stored > knownHead) {
                        announce(connection, stored);
                    }
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                // The store is closing; the last connection to close checkpoints what is left.
            }
        }, "credence-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * WAL length, in pages, past which the checkpointer has the WAL started over (1 GiB of 4 KiB
     * pages; 20 s of a saturating decision load). The file keeps its length and is written over
     * from the start: cutting it back (journal_size_limit) held the next commit for a second.
     * Tests lower it.
     */
    static volatile long walRestartFrames = 262_144;

    /** A PASSIVE checkpoint (it never waits); the WAL's length in pages. */
    private static long passiveCheckpoint(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    private static final String SELECT_HEAD_SEQ = "SELECT value FROM meta WHERE key = 'head_seq'";

    private static long storedHead(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(SELECT_HEAD_SEQ)) {
            return metaNumber(rs, 0);
        }
    }

    /** The number a query of one meta value found, or {@code missing} without its key. */
    private static long metaNumber(ResultSet rs, long missing) throws SQLException {
        return rs.next() ? Long.parseLong(rs.getString(1)) : missing;
    }

    @Override
    public void onExternalChange(Consumer<ExternalChange> listener) {
        externalListeners.add(listener);
    }

    /**
     * Tells the listeners what was appended up to {@code stored} that they have not been told of and
     * this process did not write. Called by the checkpointer's poll and by a write that finds the
     * stored head moved; whichever comes second finds nothing left to tell.
     */
    private void announce(Connection c, long stored) throws SQLException {
        ExternalChange change;
        synchronized (accounting) {
            if (stored <= accountedFor) {
                return;
            }
            change = changesBetween(c, accountedFor, stored);
            accountedFor = stored;
        }
        for (Consumer<ExternalChange> listener : externalListeners) {
            listener.accept(change);
        }
    }

    /** The subjects of entries {@code (from, to]}, or everything for a rulebook or too many subjects. */
    private static ExternalChange changesBetween(Connection c, long from, long to) throws SQLException {
        java.util.Set<String> subjects = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rulebooks WHERE seq > ? AND seq <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return new ExternalChange(java.util.Set.of(), true);
                }
            }
        }
        // Each table's seq is its rowid: these are range scans of what was appended.
        for (String table : List.of("events", "retractions", "records")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT subject FROM " + table
                    + " WHERE seq > ? AND seq <= ? AND subject IS NOT NULL")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                        if (subjects.size() > MAX_LISTED_SUBJECTS) {
                            return new ExternalChange(java.util.Set.of(), true);
                        }
                    }
                }
            }
        }
        return new ExternalChange(java.util.Set.copyOf(subjects), false);
    }

    /** This process committed entries up to {@code head}, starting from a head it had accounted for. */
    private void accountOwn(long head) {
        synchronized (accounting) {
            accountedFor = Math.max(accountedFor, head);
        }
    }

    /**
     * Starts a write: takes SQLite's write lock at once (a write that changes nothing), then reads the
     * head of the chain from the store. Another process may have appended since this one last wrote;
     * chaining onto a head kept in memory would then fork the chain, so the stored head is the one
     * continued, and listeners learn that the store changed under them.
     */
    private void beginWrite() throws SQLException {
        beginWrite(true);
    }

    /**
     * Starts a write transaction; {@code durable}: committed with an fsync. The level stays set
     * between transactions, so a run of groups without their own fsync sets it once.
     */
    private void beginWrite(boolean durable) throws SQLException {
        if (durable == notSynced) {
            synchronous(durable ? "FULL" : "NORMAL");
            notSynced = !durable;
        }
        // Takes the write lock (a write, not a read, starts the transaction) and reads the head:
        // statements prepared once, as every group of records starts here.
        writerStatement("UPDATE meta SET value = value WHERE key = 'head_seq'").executeUpdate();
        long stored;
        try (ResultSet rs = writerStatement(SELECT_HEAD_SEQ).executeQuery()) {
            stored = metaNumber(rs, 0);
        }
        if (stored != headSeq) {
            try (Statement s = writer.createStatement();
                    ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'head_hash'")) {
                headHash = rs.next() ? HexFormat.of().parseHex(rs.getString(1)) : Chain.GENESIS;
            }
            headSeq = stored;
            knownHead = stored;
            knownKeys = null; // another process wrote keys this one has not seen
            subjectsIndexed = -1; // and maybe records' subjects
            committedFrom = -1;
            announce(writer, stored);
        }
    }

    private static String describe(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_NOTADB") || message.contains("not a database")) {
            return file + " is corrupted or is not a Credence store";
        }
        if (message.contains("SQLITE_CORRUPT") || message.contains("malformed")) {
            return file + " is corrupted: " + message;
        }
        return "cannot use the store " + file + ": " + message;
    }

    private static Connection connect(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "FULL");
        properties.setProperty("busy_timeout", "30000");
        properties.setProperty("foreign_keys", "false");
        // No SELECT last_insert_rowid() after every insert: nothing here asks for generated keys.
        properties.setProperty("jdbc.get_generated_keys", "false");
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA cache_size = -65536");
            s.execute("PRAGMA temp_store = MEMORY");
        }
        return connection;
    }

    private void prepare(boolean existed) throws SQLException {
        try (Statement s = writer.createStatement()) {
            int applicationId = pragma(s, "application_id");
            int format = pragma(s, "user_version");
            boolean empty;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                empty = rs.next() && rs.getInt(1) == 0;
            }
            if (empty) {
                if (existed && Files.size(file) > 0 && applicationId != 0) {
                    throw new StoreUnavailableException(file + " is not a Credence store");
                }
                createSchema(s);
            } else if (applicationId != APPLICATION_ID) {
                throw new StoreUnavailableException(file + " is not a Credence store");
            } else if (format > FORMAT) {
                throw new StoreUnavailableException(file + " was written by a newer version of Credence (store format "
                        + format + "); this version reads format " + FORMAT);
            } else if (format == 3 || format == 4) {
                if (format == 3) {
                    upgradeFrom3(s);
                }
                upgradeFrom4(s);
            } else if (format < FORMAT) {
                throw new StoreUnavailableException(file + " was written by an earlier version of Credence (store format "
                        + format + "); this version reads format " + FORMAT + ": ingest its events into a new store");
            }
            try (ResultSet rs = s.executeQuery("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')")) {
                Map<String, String> meta = new HashMap<>();
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
                headSeq = Long.parseLong(meta.getOrDefault("head_seq", "0"));
                knownHead = headSeq;
                accountedFor = headSeq;
                headHash = meta.containsKey("head_hash") ? HexFormat.of().parseHex(meta.get("head_hash"))
                        : Chain.GENESIS;
            }
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot read " + file + ": " + e.getMessage());
        }
        writer.setAutoCommit(false);
    }

    /**
     * Format 3 to 4, in one transaction: the records' subjects from the (subject, kind) index into
     * one sorted run of {@link KeyIndex#RECORD_SUBJECTS}, and that index dropped. Nothing in the
     * chain changes.
     */
    private void upgradeFrom3(Statement s) throws SQLException {
        s.execute("BEGIN IMMEDIATE");
        try {
            if (pragma(s, "user_version") == 3) { // another process may have upgraded it meanwhile
                KeyIndex.RECORD_SUBJECTS.createSchema(s);
                Pairs subjects = new Pairs();
                try (ResultSet rs = s.executeQuery(
                        "SELECT seq, subject FROM records WHERE subject IS NOT NULL ORDER BY seq")) {
                    while (rs.next()) {
                        subjects.add(KeyIndex.fingerprint(rs.getString(2)), rs.getLong(1));
                    }
                }
                subjects.addRun(KeyIndex.RECORD_SUBJECTS, 1);
                setSubjectsIndexed(storedHead(s));
                s.execute("DROP INDEX records_subject");
                s.execute("PRAGMA user_version = 4");
            }
            s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            s.execute("ROLLBACK");
            throw e;
        }
    }

    private static int pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Format 4 to 5, in one transaction: the tables of grouped records and their refs' index. The
     * decisions already stored stay rows of {@code records}, where reads still look for them.
     */
    private void upgradeFrom4(Statement s) throws SQLException {
        s.execute("BEGIN IMMEDIATE");
        try {
            if (pragma(s, "user_version") == 4) { // another process may have upgraded it meanwhile
                createGroupSchema(s);
                s.execute("PRAGMA user_version = " + FORMAT);
            }
            s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            s.execute("ROLLBACK");
            throw e;
        }
    }

    /**
     * Grouped records: a row per commit, numbered by its first record's seq, with its last one's
     * (a record's group is the last row at or before its seq); their refs in sorted runs.
     */
    private static void createGroupSchema(Statement s) throws SQLException {
        s.execute("CREATE TABLE record_groups (seq INTEGER PRIMARY KEY, last INTEGER NOT NULL, entries BLOB NOT NULL)");
        KeyIndex.RECORD_REFS.createSchema(s);
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("PRAGMA application_id = " + APPLICATION_ID);
        s.execute("PRAGMA user_version = " + FORMAT);
        s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
        // One row per subject and batch (EventBlock), numbered by its first entry's seq: verify reads
        // them in order, and the row holding an entry is the last one at or before its seq.
        // events_subject gives a standing its rows and scoring everyone one pass in subject order.
        // key_runs and key_pages tell duplicates and conflicts (KeyIndex).
        s.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, count INTEGER NOT NULL,"
                + " entries BLOB NOT NULL)");
        s.execute("CREATE INDEX events_subject ON events (subject, seq)");
        KeyIndex.EVENT_KEYS.createSchema(s);
        s.execute("CREATE TABLE retractions (seq INTEGER PRIMARY KEY, source TEXT NOT NULL, id TEXT NOT NULL,"
                + " subject TEXT NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL, recorded INTEGER NOT NULL,"
                + " hash BLOB NOT NULL)");
        s.execute("CREATE UNIQUE INDEX retractions_key ON retractions (source, id)");
        s.execute("CREATE INDEX retractions_subject ON retractions (subject)");
        s.execute("CREATE TABLE rulebooks (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL,"
                + " yaml TEXT NOT NULL, actor TEXT NOT NULL, recorded INTEGER NOT NULL, hash BLOB NOT NULL)");
        s.execute("CREATE TABLE records (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL,"
                + " subject TEXT, body TEXT NOT NULL, actor TEXT NOT NULL, recorded INTEGER NOT NULL,"
                + " hash BLOB NOT NULL)");
        s.execute("CREATE UNIQUE INDEX records_ref ON records (kind, ref)");
        // A subject's records are found through subject_runs and subject_pages (KeyIndex), not an
        // index on (subject): that put each recorded decision on a random page (decisions 016).
        KeyIndex.RECORD_SUBJECTS.createSchema(s);
        createGroupSchema(s);
        s.execute("INSERT INTO meta (key, value) VALUES ('created', '" + Instant.now() + "'), ('"
                + SUBJECTS_INDEXED + "', '0')");
    }

    // ------------------------------------------------------------------ writes

    @Override
    public PublishedRulebook publishRulebook(String name, long version, String yaml, String actor) {
        return write(() -> {
            long recorded = now();
            long seq = headSeq + 1;
            byte[] hash = chain.hash(headHash, "rulebooks", seq, name, version, yaml, actor, recorded);
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT INTO rulebooks (seq, name, version, yaml, actor, recorded, hash) VALUES (?,?,?,?,?,?,?)")) {
                ps.setLong(1, seq);
                ps.setString(2, name);
                ps.setLong(3, version);
                ps.setString(4, yaml);
                ps.setString(5, actor);
                ps.setLong(6, recorded);
                ps.setBytes(7, hash);
                ps.executeUpdate();
            }
            advance(seq, hash);
            return new PublishedRulebook(seq, name, version, yaml, actor, Instants.fromNanos(recorded));
        });
    }

    @Override
    public AppendResult append(List<Event> events) {
        List<EncodedEvent> encoded = new ArrayList<>(events.size());
        for (Event event : events) {
            encoded.add(EncodedEvent.of(event));
        }
        return appendEncoded(encoded);
    }

    @Override
    public AppendResult appendEncoded(List<EncodedEvent> events) {
        return events.isEmpty() ? new AppendResult(0, 0, List.of()) : appendPrepared(prepare(events, null));
    }

    @Override
    public PreparedEvents prepare(List<EncodedEvent> events, Prepared after) {
        long seq;
        byte[] hash;
        if (after instanceof PreparedEvents previous) {
            seq = previous.endSeq;
            hash = previous.endHash;
        } else {
            writeLock.lock();
            try {
                seq = headSeq;
                hash = headHash;
            } finally {
                writeLock.unlock();
            }
        }
        return new PreparedEvents(events, now(), seq, hash, new Chain());
    }

    @Override
    public AppendResult appendPrepared(Prepared prepared) {
        PreparedEvents given = (PreparedEvents) prepared;
        if (given.events.isEmpty()) {
            return new AppendResult(0, 0, List.of());
        }
        return write(() -> {
            // Prepared after a head that is no longer the head (another write came between, or the
            // batch before met a duplicate): chained again from the head, here.
            PreparedEvents ready = given.follows(headSeq, headHash) ? given
                    : new PreparedEvents(given.events, now(), headSeq, headHash, chain);
            if (ready.repeatsAKey || mayHoldAny(ready)) {
                return insertCarefully(ready.events, now());
            }
            writePrepared(ready);
            commitHead();
            return new AppendResult(ready.events.size(), 0, List.of());
        });
    }

    /** Whether any of the batch's keys may be stored already (a fingerprint of it is). */
    private boolean mayHoldAny(PreparedEvents p) throws SQLException {
        if (knownKeys == null && p.events.size() >= LOAD_KEYS_AT) {
            knownKeys = KeyIndex.EVENT_KEYS.load(writerStatements);
        }
        if (knownKeys != null) {
            return knownKeys.containsAny(p.fingerprints, p.fingerprints.length);
        }
        for (long fingerprint : p.fingerprints) {
            if (candidates(fingerprint).length > 0) {
                return true;
            }
        }
        return false;
    }

    /** The seqs of stored entries whose key may have this fingerprint: from memory when loaded. */
    private long[] candidates(long fingerprint) throws SQLException {
        return knownKeys != null ? knownKeys.seqs(fingerprint) : KeyIndex.EVENT_KEYS.seqs(writerStatements, fingerprint);
    }

    /**
     * The row's key is taken: a uniqueness or primary key violation. Other constraints (a trigger
     * raising an error, a NOT NULL) fail the whole transaction: they are not "already recorded".
     */
    private static boolean isConstraint(SQLException e) {
        return e instanceof org.sqlite.SQLiteException s
                && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    /**
     * The careful path, taken when a key of the batch may be stored already or comes twice: each
     * event whose fingerprint is known is looked up, so duplicates and conflicts are told apart.
     */
    private AppendResult insertCarefully(List<EncodedEvent> events, long recorded) throws SQLException {
        int duplicates = 0;
        List<AppendResult.Conflict> conflicts = new ArrayList<>();
        Map<String, EncodedEvent> inBatch = new HashMap<>();
        List<EncodedEvent> fresh = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EncodedEvent event = events.get(i);
            EncodedEvent earlier = inBatch.get(event.key);
            boolean same;
            if (earlier != null) {
                same = event.sameContent(earlier.subject, earlier.body);
            } else {
                Located found = locate(writerStatements, event.key, candidates(KeyIndex.fingerprint(event.key)));
                if (found == null) {
                    inBatch.put(event.key, event);
                    fresh.add(event);
                    continue;
                }
                same = event.sameContent(found.subject(), found.body());
            }
            if (same) {
                duplicates++;
            } else {
                conflicts.add(new AppendResult.Conflict(i, "an event " + event.key
                        + " was recorded before with different content; ids are unique within their source"));
            }
        }
        writeEvents(fresh, recorded);
        commitHead();
        return new AppendResult(fresh.size(), duplicates, conflicts);
    }

    /** Chains the events from the head and writes them (see {@link #writePrepared}). */
    private void writeEvents(List<EncodedEvent> events, long recorded) throws SQLException {
        writePrepared(new PreparedEvents(events, recorded, headSeq, headHash, chain));
    }

    /**
     * Writes the rows of a batch chained from the current head: one row per subject, then its keys
     * as a run of the key index. Its keys are known to be new.
     */
    private void writePrepared(PreparedEvents p) throws SQLException {
        insertRows("INSERT INTO events (subject, seq, count, entries) VALUES ", 4, 64, p.subjects.length,
                (ps, offset, row) -> {
                    ps.setString(offset + 1, p.subjects[row]);
                    ps.setLong(offset + 2, p.firsts[row]);
                    ps.setInt(offset + 3, p.counts[row]);
                    ps.setBytes(offset + 4, p.blocks[row]);
                });
        KeyIndex.EVENT_KEYS.add(writerStatements, p.startSeq + 1, p.fingerprints, p.seqs, p.fingerprints.length);
        if (knownKeys != null) {
            knownKeys.add(p.fingerprints, p.seqs, p.fingerprints.length); // before the commit: a superset will do
        }
        headSeq = p.endSeq;
        headHash = p.endHash;
    }

    /**
     * A batch of events made ready to write (all but the SQL): grouped by subject, subjects in order,
     * each subject's events in the order given, chained entry by entry from a head, each subject's
     * entries encoded as one {@link EventBlock}, the keys' fingerprints sorted. Ingest prepares the next batch on a
     * thread of its own while the writer writes this one.
     */
    static final class PreparedEvents implements Prepared {
        final List<EncodedEvent> events;
        final long startSeq;
        final byte[] startHash;
        final long endSeq;
        final byte[] endHash;
        /** One row per subject: the subject, its first entry's seq, its entry count, its block. */
        final String[] subjects;
        final long[] firsts;
        final int[] counts;
        final byte[][] blocks;
        /** The fingerprint of every key of the batch, in order, with its entry's seq. */
        final long[] fingerprints;
        final long[] seqs;
        /** Two events of the batch have keys with one fingerprint: maybe one key twice. */
        final boolean repeatsAKey;

        PreparedEvents(List<EncodedEvent> events, long recorded, long startSeq, byte[] startHash, Chain chain) {
            this.events = events;
            this.startSeq = startSeq;
            this.startHash = startHash;
            int n = events.size();
            Map<String, List<EncodedEvent>> bySubject = new HashMap<>();
            List<String> seen = new ArrayList<>();
            String last = null;
            List<EncodedEvent> lastEvents = null;
            for (EncodedEvent event : events) {
                EventRow.putLong(event.body, 0, recorded);
                if (!event.subject.equals(last)) { // a subject's events usually come together: one lookup for them
                    last = event.subject;
                    lastEvents = bySubject.get(last);
                    if (lastEvents == null) {
                        lastEvents = new ArrayList<>(4);
                        bySubject.put(last, lastEvents);
                        seen.add(last);
                    }
                }
                lastEvents.add(event);
            }
            subjects = seen.toArray(new String[0]);
            StringSort.sort(subjects);
            firsts = new long[subjects.length];
            counts = new int[subjects.length];
            blocks = new byte[subjects.length][];
            fingerprints = new long[n];
            seqs = new long[n];
            int written = 0;
            long seq = startSeq;
            byte[] hash = startHash;
            EventBlock.Builder block = new EventBlock.Builder();
            for (int row = 0; row < subjects.length; row++) {
                String subject = subjects[row];
                List<EncodedEvent> entries = bySubject.get(subject);
                block.reset();
                firsts[row] = seq + 1;
                for (EncodedEvent e : entries) {
                    seq++;
                    hash = chain.hashEvent(hash, seq, subject, e.key, e.body, e.ascii);
                    block.add(e.key, e.body, hash, e.ascii);
                    fingerprints[written] = KeyIndex.fingerprint(e.key);
                    seqs[written++] = seq;
                }
                counts[row] = entries.size();
                blocks[row] = block.toBytes();
            }
            endSeq = seq;
            endHash = hash;
            KeyIndex.sort(fingerprints, seqs, n);
            boolean repeats = false;
            for (int i = 1; i < n && !repeats; i++) {
                repeats = fingerprints[i] == fingerprints[i - 1];
            }
            repeatsAKey = repeats;
        }

        @Override
        public java.util.Collection<String> subjects() {
            return java.util.Collections.unmodifiableList(Arrays.asList(subjects));
        }

        boolean follows(long seq, byte[] hash) {
            return startSeq == seq && Arrays.equals(startHash, hash);
        }
    }

    /** Binds row {@code row}'s values from parameter {@code offset + 1} on. */
    private interface RowBinder {
        void bind(PreparedStatement ps, int offset, int row) throws SQLException;
    }

    /**
     * Inserts rows {@code 0..count-1}, each of {@code columns} values, up to {@code perStatement} rows
     * per statement (sqlite-jdbc's per-statement cost dominates a one-row insert), binding them in order.
     */
    private void insertRows(String insert, int columns, int perStatement, int count, RowBinder binder)
            throws SQLException {
        String tuple = "(" + "?,".repeat(columns - 1) + "?)";
        PreparedStatement ps = null;
        int prepared = 0;
        try {
            for (int from = 0; from < count; from += perStatement) {
                int rows = Math.min(perStatement, count - from);
                if (rows != prepared) {
                    if (ps != null) {
                        ps.close();
                    }
                    ps = writer.prepareStatement(insert + (tuple + ",").repeat(rows - 1) + tuple);
                    prepared = rows;
                }
                for (int r = 0; r < rows; r++) {
                    binder.bind(ps, r * columns, from + r);
                }
                ps.executeUpdate();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    /** A stored event found by its key: its subject and body. */
    private record Located(String subject, String key, byte[] body) {
        Event event() {
            return EventRow.event(subject, key, body);
        }
    }

    /** The stored event with this key ({@code source/id}), or null. */
    private static Located locate(Reader c, String key) throws SQLException {
        return locate(c, key, KeyIndex.EVENT_KEYS.seqs(c, KeyIndex.fingerprint(key)));
    }

    /** The stored event with this key among the entries {@code seqs} (those with its fingerprint), or null. */
    private static Located locate(Reader c, String key, long[] seqs) throws SQLException {
        for (long seq : seqs) {
            Located found = entry(c, seq);
            if (found != null && found.key().equals(key)) {
                return found;
            }
        }
        return null;
    }

    /** The event entry numbered {@code seq}, from the row that holds it. */
    private static Located entry(Reader c, long seq) throws SQLException {
        PreparedStatement ps = c.statement(
                "SELECT subject, seq, count, entries FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT 1");
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || seq >= rs.getLong(2) + rs.getInt(3)) {
                return null;
            }
            String subject = rs.getString(1);
            EventBlock.Cursor cursor = new EventBlock.Cursor(rs.getBytes(4));
            for (long at = rs.getLong(2); cursor.next(); at++) {
                if (at == seq) {
                    return new Located(subject, cursor.key, cursor.body());
                }
            }
            return null;
        }
    }

    @Override
    public Retraction retract(EventKey key, String reason, String actor) {
        return write(() -> {
            Located found = locate(writerStatements, key.source() + "/" + key.id());
            if (found == null) {
                throw new NotFoundException("no event " + key + " in the ledger");
            }
            String subject = found.subject();
            try (PreparedStatement ps = writer.prepareStatement("SELECT 1 FROM retractions WHERE source = ? AND id = ?")) {
                ps.setString(1, key.source());
                ps.setString(2, key.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new InvalidStateException("event " + key + " is already retracted");
                    }
                }
            }
            long recorded = now();
            long seq = headSeq + 1;
            byte[] hash = chain.hash(headHash, "retractions", seq, key.source(), key.id(), subject, reason, actor,
                    recorded);
            try (PreparedStatement ps = writer.prepareStatement("INSERT INTO retractions"
                    + " (seq, source, id, subject, reason, actor, recorded, hash) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, seq);
                ps.setString(2, key.source());
                ps.setString(3, key.id());
                ps.setString(4, subject);
                ps.setString(5, reason);
                ps.setString(6, actor);
                ps.setLong(7, recorded);
                ps.setBytes(8, hash);
                ps.executeUpdate();
            }
            advance(seq, hash);
            return new Retraction(key, reason, actor, Instants.fromNanos(recorded));
        });
    }

    /** A record waiting to be appended by whichever thread commits next (group commit). */
    private static final class PendingRecord {
        final String kind;
        final String ref;
        final String subject;
        final String body;
        final String actor;
        final boolean durable;
        StoredRecord result;
        RuntimeException failure;
        boolean done;

        PendingRecord(String kind, String ref, String subject, String body, String actor, boolean durable) {
            this.kind = kind;
            this.ref = ref;
            this.subject = subject;
            this.body = body;
            this.actor = actor;
            this.durable = durable;
        }
    }

    /** The writer is at {@code synchronous = NORMAL} (the last group had no fsync): a durable write sets FULL first. */
    private boolean notSynced;
    /** Guarded by the write lock. */
    private long unsyncedCommits;

    private final java.util.concurrent.ConcurrentLinkedQueue<PendingRecord> pendingRecords =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Group commit: the caller queues its record, then takes the writer; whoever holds the writer
     * appends every queued record in one transaction (one fsync) and hands each caller its result.
     * A caller returns only once its own record is committed, so acknowledged still means durable;
     * under concurrency, many decisions share one fsync.
     */
    @Override
    public List<StoredRecord> appendRecords(List<RecordDraft> drafts) {
        return appendRecords(drafts, true);
    }

    /**
     * Not durable: committed with {@code synchronous = NORMAL}, so without the WAL's fsync; the next
     * durable commit's fsync, or a checkpoint's, takes these frames to disk with its own. The WAL
     * is replayed in order up to its first incomplete frame, so a crash loses only a tail of such
     * commits. A group holding any durable record is durable.
     */
    @Override
    public List<StoredRecord> appendRecords(List<RecordDraft> drafts, boolean durable) {
        List<PendingRecord> mine = new ArrayList<>(drafts.size());
        for (RecordDraft d : drafts) {
            mine.add(new PendingRecord(d.kind(), d.ref(), d.subject(), d.body(), d.actor(), durable));
        }
        pendingRecords.addAll(mine);
        writeLock.lock();
        try {
            while (mine.stream().anyMatch(p -> !p.done)) {
                commitPendingRecords();
            }
        } finally {
            writeLock.unlock();
        }
        List<StoredRecord> out = new ArrayList<>();
        for (PendingRecord p : mine) {
            if (p.result != null) {
                out.add(p.result);
            } else if (p.failure != null && !(p.failure instanceof InvalidStateException)) {
                throw p.failure;
            }
        }
        return out;
    }

    @Override
    public StoredRecord appendRecord(String kind, String ref, String subject, String body, String actor) {
        PendingRecord mine = new PendingRecord(kind, ref, subject, body, actor, true);
        pendingRecords.add(mine);
        writeLock.lock();
        try {
            if (!mine.done) {
                commitPendingRecords();
            }
        } finally {
            writeLock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** The grouped records of the commit being written (under {@link #writeLock}). */
    private final RecordGroup.Builder group = new RecordGroup.Builder();
    private static final String INSERT_GROUP = "INSERT INTO record_groups (seq, last, entries) VALUES (?, ?, ?)";

    private void commitPendingRecords() {
        List<PendingRecord> batch = new ArrayList<>();
        boolean durable = false;
        for (PendingRecord p; (p = pendingRecords.poll()) != null;) {
            batch.add(p);
            durable |= p.durable;
        }
        long startSeq = headSeq;
        byte[] startHash = headHash;
        boolean lazy = !durable;
        try {
            ensureOpen();
            beginWrite(!lazy);
            startSeq = headSeq;
            startHash = headHash;
            long recorded = now();
            List<StoredRecord> results = new ArrayList<>(batch.size());
            PreparedStatement ps = writerStatement(INSERT_RECORD);
            group.clear();
            for (PendingRecord p : batch) {
                long seq = headSeq + 1;
                byte[] hash = chain.hash(headHash, "records", seq, p.kind, p.ref, p.subject, p.body, p.actor,
                        recorded);
                if (grouped(p.kind)) {
                    // Kept with the others of its kind in this commit: one row, written below.
                    group.add(seq, p.kind, p.ref, p.subject, p.body, p.actor, recorded, hash);
                } else {
                    ps.setLong(1, seq);
                    ps.setString(2, p.kind);
                    ps.setString(3, p.ref);
                    ps.setString(4, p.subject);
                    ps.setString(5, p.body);
                    ps.setString(6, p.actor);
                    ps.setLong(7, recorded);
                    ps.setBytes(8, hash);
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (isConstraint(e)) {
                            // Only this record is refused; the rest of the group goes on.
                            p.failure = new InvalidStateException("a " + p.kind + " " + p.ref + " is already recorded");
                            results.add(null);
                            continue;
                        }
                        throw e;
                    }
                }
                headSeq = seq;
                headHash = hash;
                committed(seq, p.kind, p.ref, p.subject);
                results.add(new StoredRecord(seq, p.kind, p.ref, p.subject, p.body, p.actor,
                        Instants.fromNanos(recorded)));
            }
            if (!group.isEmpty()) {
                PreparedStatement g = writerStatement(INSERT_GROUP);
                g.setLong(1, group.first());
                g.setLong(2, group.last());
                g.setBytes(3, group.bytes());
                g.executeUpdate();
                group.clear();
            }
            indexSubjectsBehind(startSeq);
            commitHead();
            if (lazy) {
                unsyncedCommits++;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
            }
        } catch (SQLException | RuntimeException e) {
            rollback(startSeq, startHash);
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new StoreUnavailableException(describe(file, (SQLException) e));
            for (PendingRecord p : batch) {
                if (p.failure == null) {
                    p.failure = failure;
                }
            }
        } finally {
            for (PendingRecord p : batch) {
                p.done = true;
            }
        }
    }

    /** Groups of records committed without an fsync of their own so far (by this process). */
    public long unsyncedCommits() {
        writeLock.lock();
        try {
            return unsyncedCommits;
        } finally {
            writeLock.unlock();
        }
    }

    /** The writer's {@code synchronous} level (2: FULL), for tests. */
    int writerSynchronous() {
        writeLock.lock();
        try (Statement st = writer.createStatement()) {
            return pragma(st, "synchronous");
        } catch (SQLException e) {
            throw new StoreUnavailableException(describe(file, e));
        } finally {
            writeLock.unlock();
        }
    }

    /** Sets the writer's {@code synchronous} pragma; between transactions only. */
    private void synchronous(String level) throws SQLException {
        // SQLite refuses the pragma inside a transaction, and the driver keeps one open between
        // commits when auto-commit is off: auto-commit on for the pragma ends that empty one.
        writer.setAutoCommit(true);
        try {
            writerStatement("PRAGMA synchronous = " + level).execute();
        } finally {
            writer.setAutoCommit(false);
        }
    }

    /**
     * Every record at or before this seq (meta key {@value #SUBJECTS_INDEXED}) has its subject in
     * the index; the records after it, fewer than {@link #subjectTail}, are found by reading them.
     * A store without the key has every record indexed (format 4 before decisions 018).
     */
    static final String SUBJECTS_INDEXED = "subjects_indexed";
    private static final String SELECT_SUBJECTS_INDEXED = "SELECT value FROM meta WHERE key = '" + SUBJECTS_INDEXED + "'";
    /** How many seqs may follow the indexed records before the records among them are added as one run. */
    static final int SUBJECT_TAIL = 4_096;
    /** {@link #SUBJECT_TAIL}; tests lower it. */
    static int subjectTail = SUBJECT_TAIL;
    /** {@link #SUBJECTS_INDEXED} as this writer knows it; -1: read it again. Under {@link #writeLock}. */
    private long subjectsIndexed = -1;

    /**
     * Within a write: once the records after the indexed ones span {@link #subjectTail} seqs, adds
     * their subjects to the index as one run. A run per group of records cost a quarter of the
     * journal's CPU under a decision load (decisions 018): small runs and their merges.
     */
    private void indexSubjectsBehind(long before) throws SQLException {
        readSubjectsIndexed(before);
        if (headSeq - subjectsIndexed < (indexedBehind ? 2 * subjectTail : subjectTail)) {
            return;
        }
        indexRecordsAfter();
    }

    /**
     * Reads {@link #subjectsIndexed} if this writer does not know it (-1). A store without it had
     * every record indexed with its group (format 4 before decisions 018): it is set to
     * {@code before}, the seq up to which that holds.
     */
    private void readSubjectsIndexed(long before) throws SQLException {
        if (subjectsIndexed < 0) {
            try (ResultSet rs = writerStatement(SELECT_SUBJECTS_INDEXED).executeQuery()) {
                subjectsIndexed = metaNumber(rs, -1);
            }
            if (subjectsIndexed < 0) {
                setSubjectsIndexed(before);
            }
        }
    }

    /**
     * Set once a caller has called {@link #indexBehind}: appends then index only when twice
     * {@link #subjectTail} is due (the caller fell behind). The index step took 3-17 ms inside a
     * commit, and every denial in that commit waited for it (decisions 020).
     */
    private volatile boolean indexedBehind;
    /** Index steps {@link #indexBehind} took, each in its own transaction (tests read it). */
    long indexStepsBehind;

    @Override
    public void indexBehind() {
        indexedBehind = true;
        writeLock.lock();
        long startSeq = headSeq;
        byte[] startHash = headHash;
        try {
            if (closed || (subjectsIndexed >= 0 && headSeq - subjectsIndexed < subjectTail)) {
                return;
            }
            beginWrite(false); // nobody waits for it: no fsync of its own
            startSeq = headSeq;
            startHash = headHash;
            readSubjectsIndexed(headSeq);
            if (headSeq - subjectsIndexed >= subjectTail) {
                indexRecordsAfter();
                indexStepsBehind++;
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(startSeq, startHash); // the next append indexes, or reports what is wrong
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The subjects' and grouped refs' fingerprints of the records this writer committed after
     * {@link #committedFrom}, kept for the next index step so that it need not read them back (a
     * third of its time): valid only while {@code committedFrom} is the indexed seq. A rollback or
     * another process's write makes them invalid ({@code -1}) until the next step, which then reads.
     */
    private final Pairs committedSubjects = new Pairs();
    private final Pairs committedRefs = new Pairs();
    private long committedFrom = -1;

    /** Notes a record this writer is committing, for the next index step. */
    private void committed(long seq, String kind, String ref, String subject) {
        if (committedFrom >= 0) {
            if (subject != null) {
                committedSubjects.add(KeyIndex.fingerprint(subject), seq);
            }
            if (grouped(kind)) {
                committedRefs.add(KeyIndex.refKey(kind, ref), seq);
            }
        }
    }

    /** Adds the subjects and refs of the records after {@link #subjectsIndexed} as one run each. */
    private void indexRecordsAfter() throws SQLException {
        Pairs subjects = committedSubjects;
        Pairs refs = committedRefs;
        if (committedFrom < 0 || committedFrom != subjectsIndexed) {
            subjects = new Pairs();
            refs = new Pairs();
            readBack(subjects, refs);
        }
        // Runs are numbered by the first seq they may hold: above every earlier run's.
        subjects.addRun(KeyIndex.RECORD_SUBJECTS, subjectsIndexed + 1);
        refs.addRun(KeyIndex.RECORD_REFS, subjectsIndexed + 1);
        setSubjectsIndexed(headSeq);
        committedSubjects.n = 0;
        committedRefs.n = 0;
        committedFrom = headSeq;
    }

    /** The subjects and grouped refs of the records after {@link #subjectsIndexed}, read from the store. */
    private void readBack(Pairs subjects, Pairs refs) throws SQLException {
        PreparedStatement ps = writerStatement(
                "SELECT seq, subject FROM records WHERE seq > ? AND subject IS NOT NULL ORDER BY seq");
        ps.setLong(1, subjectsIndexed);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                subjects.add(KeyIndex.fingerprint(rs.getString(2)), rs.getLong(1));
            }
        }
        PreparedStatement groups = writerStatement(GROUPS_AFTER);
        groups.setLong(1, subjectsIndexed);
        try (ResultSet rs = groups.executeQuery()) {
            while (rs.next()) {
                RecordGroup.Cursor e = new RecordGroup.Cursor(rs.getBytes(1));
                while (advance(e)) {
                    if (e.seq() > subjectsIndexed) {
                        if (e.subject() != null) {
                            subjects.add(KeyIndex.fingerprint(e.subject()), e.seq());
                        }
                        refs.add(KeyIndex.refKey(e.kind(), e.ref()), e.seq());
                    }
                }
            }
        }
    }

    /** Fingerprints and seqs, side by side, for a run of an index. */
    private final class Pairs {
        long[] fingerprints = new long[1024];
        long[] seqs = new long[1024];
        int n;

        void add(long fingerprint, long seq) {
            if (n == seqs.length) {
                fingerprints = Arrays.copyOf(fingerprints, 2 * n);
                seqs = Arrays.copyOf(seqs, 2 * n);
            }
            seqs[n] = seq;
            fingerprints[n++] = fingerprint;
        }

        /** These pairs, sorted, as run {@code run} of {@code index}, in the writer's transaction. */
        void addRun(KeyIndex index, long run) throws SQLException {
            KeyIndex.sort(fingerprints, seqs, n);
            index.add(writerStatements, run, fingerprints, seqs, n);
        }
    }

    /**
     * The groups that may hold records after a seq: the one holding it, if any, and those after it
     * (by their seqs, the primary key: {@code last} has no index).
     */
    private static final String GROUPS_AFTER = "SELECT entries FROM record_groups"
            + " WHERE seq >= (SELECT coalesce(max(seq), 0) FROM record_groups WHERE seq <= ?1) ORDER BY seq";

    /**
     * The grouped records after {@code seq} that {@code wanted} accepts (it sees each record's seq,
     * kind, ref and subject; only those it accepts are read whole), in seq order.
     */
    private List<StoredRecord> groupedAfter(Reader c, long seq, java.util.function.Predicate<RecordGroup.Cursor> wanted)
            throws SQLException {
        return groupedAfter(c, seq, wanted, Integer.MAX_VALUE);
    }

    /** As above, the first {@code limit} only: groups come in seq order, so no group past those is read. */
    private List<StoredRecord> groupedAfter(Reader c, long seq, java.util.function.Predicate<RecordGroup.Cursor> wanted,
            int limit) throws SQLException {
        List<StoredRecord> out = new ArrayList<>();
        PreparedStatement ps = c.statement(GROUPS_AFTER);
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
            while (out.size() < limit && rs.next()) {
                RecordGroup.Cursor cursor = new RecordGroup.Cursor(rs.getBytes(1));
                while (out.size() < limit && advance(cursor)) {
                    if (cursor.seq() > seq && wanted.test(cursor)) {
                        out.add(stored(cursor.entry()));
                    }
                }
            }
        }
        return out;
    }

    /** {@link RecordGroup.Cursor#advance}; a row that does not decode was changed outside Credence. */
    private boolean advance(RecordGroup.Cursor cursor) {
        try {
            return cursor.advance();
        } catch (RecordGroup.MalformedGroupException e) {
            throw new StoreUnavailableException(file + " is corrupted: a group of records does not decode ("
                    + e.getMessage() + "); run credence verify");
        }
    }

    private void setSubjectsIndexed(long seq) throws SQLException {
        PreparedStatement ps = writerStatement("INSERT INTO meta (key, value) VALUES ('" + SUBJECTS_INDEXED
                + "', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        ps.setString(1, Long.toString(seq));
        ps.executeUpdate();
        subjectsIndexed = seq;
    }

    private void advance(long seq, byte[] hash) throws SQLException {
        headSeq = seq;
        headHash = hash;
        commitHead();
    }

    private static final String INSERT_RECORD = "INSERT INTO records"
            + " (seq, kind, ref, subject, body, actor, recorded, hash) VALUES (?,?,?,?,?,?,?,?)";
    private static final String UPSERT_HEAD = "INSERT INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    /**
     * The writer's statement for {@code sql}, prepared once: every group of records and every
     * commit use the same two. Under {@link #writeLock}; closed with the writer's connection.
     */
    private PreparedStatement writerStatement(String sql) throws SQLException {
        PreparedStatement ps = writerPrepared.get(sql);
        if (ps == null) {
            ps = writer.prepareStatement(sql);
            writerPrepared.put(sql, ps);
        }
        return ps;
    }

    private void commitHead() throws SQLException {
        PreparedStatement ps = writerStatement(UPSERT_HEAD);
        ps.setString(1, Long.toString(headSeq));
        ps.setString(2, Chain.hex(headHash));
        ps.executeUpdate();
        knownHead = headSeq;
        writer.commit();
        accountOwn(headSeq);
    }

    private long now() {
        return Instants.toNanos(clock.instant());
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T write(Work<T> work) {
        writeLock.lock();
        long startSeq = headSeq;
        byte[] startHash = headHash;
        try {
            ensureOpen();
            beginWrite();
            startSeq = headSeq;
            startHash = headHash;
            return work.run();
        } catch (SQLException e) {
            rollback(startSeq, startHash);
            throw new StoreUnavailableException(describe(file, e));
        } catch (RuntimeException e) {
            rollback(startSeq, startHash);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback(long seq, byte[] hash) {
        headSeq = seq;
        headHash = hash;
        knownHead = seq;
        subjectsIndexed = -1;
        committedFrom = -1;
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // The connection is already unusable; the next write reports it.
        }
    }

    // ------------------------------------------------------------------ reads

    private interface Read<T> {
        T run(Reader reader) throws SQLException;
    }

    /**
     * A reading connection and its prepared statements, kept: sqlite-jdbc prepares anew on every
     * prepareStatement, and a decision's few lookups cost more to prepare than to run. Used by one
     * thread at a time (borrowed from the pool); a cached statement is never closed by its user.
     */
    static final class Reader {
        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Reader(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                if (statements.size() < 64) {
                    statements.put(sql, ps);
                }
            } else {
                ps.clearParameters();
            }
            return ps;
        }
    }

    private <T> T read(Read<T> work) {
        ensureOpen();
        Reader reader = readers.poll();
        try {
            if (reader == null) {
                reader = new Reader(connect(file));
                allReaders.add(reader.connection);
            }
            return work.run(reader);
        } catch (SQLException e) {
            throw new StoreUnavailableException(describe(file, e));
        } finally {
            if (reader != null) {
                readers.add(reader);
            }
        }
    }

    @Override
    public Optional<PublishedRulebook> currentRulebook() {
        List<PublishedRulebook> all = query("ORDER BY seq DESC LIMIT 1");
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    @Override
    public List<PublishedRulebook> rulebooks() {
        return query("ORDER BY seq");
    }

    private List<PublishedRulebook> query(String tail) {
        return read(c -> {
            List<PublishedRulebook> out = new ArrayList<>();
            try (Statement s = c.connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT seq, name, version, yaml, actor, recorded FROM rulebooks " + tail)) {
                while (rs.next()) {
                    out.add(new PublishedRulebook(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), Instants.fromNanos(rs.getLong(6))));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Event> event(EventKey key) {
        return read(c -> Optional.ofNullable(locate(c, key.source() + "/" + key.id())).map(Located::event));
    }

    @Override
    public Optional<Instant> recorded(EventKey key) {
        return read(c -> Optional.ofNullable(locate(c, key.source() + "/" + key.id()))
                .map(found -> Instants.fromNanos(EventRow.recorded(found.body()))));
    }

    @Override
    public SubjectHistory history(String subject) {
        return read(c -> {
            List<Event> events = new ArrayList<>();
            Map<EventKey, Instant> recorded = new HashMap<>();
            {
                PreparedStatement ps = c.statement("SELECT entries FROM events WHERE subject = ? ORDER BY seq");
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        readBlock(subject, rs.getBytes(1), events, recorded);
                    }
                }
            }
            Map<EventKey, Retraction> retractions = new HashMap<>();
            {
                PreparedStatement ps = c.statement(
                    "SELECT source, id, reason, actor, recorded FROM retractions WHERE subject = ?");
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Retraction r = retraction(rs);
                        retractions.put(r.event(), r);
                    }
                }
            }
            return new SubjectHistory(subject, events, retractions, recorded);
        });
    }

    /** Adds a stored row's events (and, when {@code recorded} is not null, when each was recorded). */
    private void readBlock(String subject, byte[] entries, List<Event> events, Map<EventKey, Instant> recorded) {
        try {
            EventBlock.Cursor cursor = new EventBlock.Cursor(entries);
            while (cursor.next()) {
                Event event = EventRow.event(subject, cursor.key, entries, cursor.bodyStart, cursor.bodyEnd);
                events.add(event);
                if (recorded != null) {
                    recorded.put(event.key(), Instants.fromNanos(EventRow.recorded(entries, cursor.bodyStart)));
                }
            }
        } catch (EventBlock.MalformedBlockException e) {
            throw new StoreUnavailableException(file + " is corrupted: the events of " + subject + " do not decode ("
                    + e.getMessage() + "); run credence verify");
        }
    }

    private static Retraction retraction(ResultSet rs) throws SQLException {
        return new Retraction(new EventKey(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                Instants.fromNanos(rs.getLong(5)));
    }

    @Override
    public void forEachHistory(boolean withRecorded, Consumer<SubjectHistory> consumer) {
        read(c -> {
            // One read transaction: retractions and events from the same snapshot.
            c.connection.setAutoCommit(false);
            try {
                forEachHistory(c, withRecorded, consumer);
            } finally {
                c.connection.rollback();
                c.connection.setAutoCommit(true);
            }
            return null;
        });
    }

    private void forEachHistory(Reader c, boolean withRecorded, Consumer<SubjectHistory> consumer) throws SQLException {
        Map<String, Map<EventKey, Retraction>> retractions = new HashMap<>();
        try (Statement s = c.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT source, id, reason, actor, recorded, subject FROM retractions")) {
            while (rs.next()) {
                Retraction r = retraction(rs);
                retractions.computeIfAbsent(rs.getString(6), k -> new HashMap<>()).put(r.event(), r);
            }
        }
        // Rows in subject order, each subject's in seq order: a history ends where the subject changes.
        try (Statement s = c.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT subject, entries FROM events ORDER BY subject, seq")) {
            boolean more = rs.next();
            while (more) {
                String subject = rs.getString(1);
                List<Event> events = new ArrayList<>();
                Map<EventKey, Instant> recorded = withRecorded ? new HashMap<>() : null;
                do {
                    readBlock(subject, rs.getBytes(2), events, recorded);
                } while ((more = rs.next()) && rs.getString(1).equals(subject));
                consumer.accept(new SubjectHistory(subject, events, retractions.getOrDefault(subject, Map.of()),
                        withRecorded ? recorded : Map.of()));
            }
        }
    }

    @Override
    public long subjectCount() {
        return count("SELECT count(DISTINCT subject) FROM events");
    }

    @Override
    public long eventCount() {
        return count("SELECT coalesce(sum(count), 0) FROM events");
    }

    private long count(String sql) {
        return read(c -> {
            try (Statement s = c.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public Optional<StoredRecord> record(String kind, String ref) {
        return read(c -> {
            // A grouped kind's records of a store written before format 5 are rows too.
            PreparedStatement ps = c.statement("SELECT seq, kind, ref, subject, body, actor, recorded"
                + " FROM records WHERE kind = ? AND ref = ?");
            ps.setString(1, kind);
            ps.setString(2, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(storedRecord(rs));
                }
            }
            if (!grouped(kind)) {
                return Optional.empty();
            }
            c.connection.setAutoCommit(false); // one snapshot: the index and the groups after it
            try {
                long indexed = indexedSeq(c);
                long[] seqs = refLookups.seqs(c, KeyIndex.refKey(kind, ref), indexed);
                java.util.function.Predicate<RecordGroup.Cursor> same = e -> e.kind().equals(kind)
                        && e.ref().equals(ref);
                for (long seq : seqs) {
                    StoredRecord r = groupedAt(c, seq, same);
                    if (r != null) {
                        return Optional.of(r);
                    }
                }
                return groupedAfter(c, indexed, same).stream().findFirst();
            } finally {
                c.connection.setAutoCommit(true);
            }
        });
    }

    /** Recent lookups in the subject and ref indexes (a subject's file asks for one subject six times). */
    private final KeyIndex.Lookups subjectLookups = new KeyIndex.Lookups(KeyIndex.RECORD_SUBJECTS, 512);
    private final KeyIndex.Lookups refLookups = new KeyIndex.Lookups(KeyIndex.RECORD_REFS, 512);

    /** Up to which seq the subject and ref indexes hold every record ({@link #SUBJECTS_INDEXED}). */
    private static long indexedSeq(Reader c) throws SQLException {
        try (ResultSet rs = c.statement(SELECT_SUBJECTS_INDEXED).executeQuery()) {
            return metaNumber(rs, Long.MAX_VALUE); // without the key, every record is indexed
        }
    }

    private static final String GROUP_AT = "SELECT seq, entries FROM record_groups WHERE seq <= ? ORDER BY seq DESC LIMIT 1";

    /** The grouped record with this seq if {@code wanted} accepts it (as in {@link #groupedAfter}), or null. */
    private StoredRecord groupedAt(Reader c, long seq, java.util.function.Predicate<RecordGroup.Cursor> wanted)
            throws SQLException {
        PreparedStatement ps = c.statement(GROUP_AT);
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                RecordGroup.Cursor cursor = new RecordGroup.Cursor(rs.getBytes(2));
                while (advance(cursor) && cursor.seq() <= seq) {
                    if (cursor.seq() == seq) {
                        return wanted.test(cursor) ? stored(cursor.entry()) : null;
                    }
                }
            }
        }
        return null;
    }

    private static StoredRecord stored(RecordGroup.Entry e) {
        return new StoredRecord(e.seq(), e.kind(), e.ref(), e.subject(), e.body(), e.actor(),
                Instants.fromNanos(e.recorded()));
    }

    @Override
    public List<StoredRecord> records(String kind, String subject) {
        if (subject == null) {
            return grouped(kind) ? recordsAfter(kind, 0, Integer.MAX_VALUE) : recordQuery("kind = ? ORDER BY seq", kind);
        }
        return read(c -> {
            if (rare(c, kind)) {
                // A kind with few rows (a repair's decision, a dispute) is read by kind: a walk of
                // the subject index reads a page of every run, a few ms after millions of decisions,
                // and a decision about a subject whose standing is not kept reads their repairs.
                return recordQuery(c, "kind = ? AND subject = ? ORDER BY seq", kind, subject);
            }
            // One snapshot: the index, and the records after what it holds, as of one moment.
            c.connection.setAutoCommit(false);
            try {
                // The subject index gives the seqs of the records that may be theirs (a fingerprint
                // says "maybe"); the rows are read by seq, a page of seqs per query, and compared.
                long indexed = indexedSeq(c);
                long[] seqs = subjectLookups.seqs(c, KeyIndex.fingerprint(subject), indexed);
                List<StoredRecord> out = new ArrayList<>();
                // For a grouped kind, the seqs found as rows (a store written before format 5).
                java.util.Set<Long> rows = grouped(kind) ? new java.util.HashSet<>() : null;
                PreparedStatement ps = c.statement(RECORDS_BY_SEQ);
                for (int from = 0; from < seqs.length; from += SEQS_PER_QUERY) {
                    for (int i = 0; i < SEQS_PER_QUERY; i++) {
                        ps.setLong(i + 1, from + i < seqs.length ? seqs[from + i] : -1);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            StoredRecord r = storedRecord(rs);
                            if (rows != null) {
                                rows.add(r.seq());
                            }
                            if (r.kind().equals(kind) && subject.equals(r.subject())) {
                                out.add(r);
                            }
                        }
                    }
                }
                if (rows != null) {
                    // The seqs that are not rows are in groups.
                    java.util.function.Predicate<RecordGroup.Cursor> theirs = e -> e.kind().equals(kind)
                            && subject.equals(e.subject());
                    for (long seq : seqs) {
                        if (!rows.contains(seq)) {
                            StoredRecord r = groupedAt(c, seq, theirs);
                            if (r != null) {
                                out.add(r);
                            }
                        }
                    }
                    out.addAll(groupedAfter(c, indexed, theirs));
                }
                // The records not yet in the index: fewer than subjectTail seqs, read in order.
                PreparedStatement tail = c.statement(RECORDS_AFTER_INDEXED);
                tail.setLong(1, indexed);
                tail.setString(2, subject);
                tail.setString(3, kind);
                try (ResultSet rs = tail.executeQuery()) {
                    while (rs.next()) {
                        out.add(storedRecord(rs));
                    }
                }
                out.sort(java.util.Comparator.comparingLong(StoredRecord::seq));
                return out;
            } finally {
                c.connection.setAutoCommit(true);
            }
        });
    }

    /**
     * By seq only: {@code +kind} keeps SQLite from the {@code (kind, ref)} index, which it would
     * otherwise pick, reading every record of the kind (200 ms on 1.4 million decisions).
     */
    static final String RECORDS_AFTER_INDEXED = "SELECT seq, kind, ref, subject, body, actor, recorded"
            + " FROM records WHERE seq > ? AND subject = ? AND +kind = ? ORDER BY seq";

    private static final int SEQS_PER_QUERY = 64;
    private static final String RECORDS_BY_SEQ = "SELECT seq, kind, ref, subject, body, actor, recorded FROM records"
            + " WHERE seq IN (" + String.join(", ", java.util.Collections.nCopies(SEQS_PER_QUERY, "?"))
            + ") ORDER BY seq";

    @Override
    public List<StoredRecord> recordsAfter(String kind, long seq, int limit) {
        if (!grouped(kind)) {
            return recordQuery("kind = ? AND seq > ? ORDER BY seq LIMIT ?", kind, seq, limit);
        }
        return read(c -> {
            c.connection.setAutoCommit(false); // one snapshot: the rows and the groups
            try {
                List<StoredRecord> out = new ArrayList<>(recordQuery(c, "kind = ? AND seq > ? ORDER BY seq LIMIT ?",
                        kind, seq, limit));
                out.addAll(groupedAfter(c, seq, e -> e.kind().equals(kind), limit));
                out.sort(java.util.Comparator.comparingLong(StoredRecord::seq));
                return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
            } finally {
                c.connection.setAutoCommit(true);
            }
        });
    }

    /** A kind is read by kind while it has at most this many rows. */
    static final int RARE_ROWS = 256;

    /** Kinds with more than {@link #RARE_ROWS} rows; records are never deleted, so a kind stays here. */
    private final java.util.Set<String> commonKinds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether a kind has at most {@link #RARE_ROWS} rows (counted in its part of {@code records_ref}). */
    private boolean rare(Reader c, String kind) throws SQLException {
        if (grouped(kind) || commonKinds.contains(kind)) {
            return false;
        }
        PreparedStatement ps = c.statement("SELECT count(*) FROM (SELECT 1 FROM records WHERE kind = ? LIMIT "
                + (RARE_ROWS + 1) + ")");
        ps.setString(1, kind);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getInt(1) <= RARE_ROWS) {
                return true;
            }
        }
        commonKinds.add(kind);
        return false;
    }

    private List<StoredRecord> recordQuery(String where, Object... parameters) {
        return read(c -> recordQuery(c, where, parameters));
    }

    private static List<StoredRecord> recordQuery(Reader c, String where, Object... parameters) throws SQLException {
        PreparedStatement ps = c.statement("SELECT seq, kind, ref, subject, body, actor, recorded"
            + " FROM records WHERE " + where);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        List<StoredRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(storedRecord(rs));
            }
        }
        return out;
    }

    @Override
    public long headSeq() {
        writeLock.lock();
        try {
            return headSeq;
        } finally {
            writeLock.unlock();
        }
    }

    private static StoredRecord storedRecord(ResultSet rs) throws SQLException {
        return new StoredRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Instants.fromNanos(rs.getLong(7)));
    }

    // ------------------------------------------------------------------ verification

    private static final String VERIFY_SQL = """
            SELECT seq, 'events', NULL, subject, count, entries, NULL, NULL, NULL FROM events
            UNION ALL SELECT seq, 'retractions', hash, source, id, subject, reason, actor, recorded FROM retractions
            UNION ALL SELECT seq, 'rulebooks', hash, name, version, yaml, actor, recorded, NULL FROM rulebooks
            UNION ALL SELECT seq, 'records', hash, kind, ref, subject, body, actor, recorded FROM records
            UNION ALL SELECT seq, 'groups', NULL, last, NULL, entries, NULL, NULL, NULL FROM record_groups
            ORDER BY 1""";

    @Override
    public Verification verify() {
        return read(c -> {
            // One read transaction: the head and every entry from the same snapshot, while writers go on.
            c.connection.setAutoCommit(false);
            try {
                return verify(c);
            } finally {
                c.connection.rollback();
                c.connection.setAutoCommit(true);
            }
        });
    }

    /** Walks the chain entry by entry; the first problem found ends the walk. */
    private static final class Walk {
        final Chain verifier = new Chain();
        byte[] previous = Chain.GENESIS;
        long expected = 1;
        long checked = 0;
        Verification failure;

        /** Checks one entry's place and hash; false (with {@link #failure} set) on the first problem. */
        boolean check(long seq, String name, String table, Object[] fields, java.util.function.Predicate<byte[]> stored) {
            if (seq < expected) {
                failure = new Verification(checked, null, seq, "entry " + seq + " (" + name
                        + ") appears twice in the sequence: an entry was inserted");
                return false;
            }
            if (seq > expected) {
                failure = new Verification(checked, null, expected, "entry " + expected
                        + " is missing (the sequence jumps from " + (expected - 1) + " to " + seq
                        + "): an entry was removed");
                return false;
            }
            byte[] hash = verifier.hash(previous, table, seq, fields);
            if (!stored.test(hash)) {
                failure = changed(seq, name);
                return false;
            }
            previous = hash;
            expected++;
            checked++;
            return true;
        }

        Verification changed(long seq, String name) {
            return new Verification(checked, null, seq, "entry " + seq + " (" + name
                    + ") does not match its hash: it was changed, or entries were reordered");
        }
    }

    private Verification verify(Reader c) throws SQLException {
        Walk walk = new Walk();
        String headSeqText;
        String headHashText;
        try (Statement s = c.connection.createStatement()) {
            Map<String, String> meta = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            headSeqText = meta.getOrDefault("head_seq", "0");
            headHashText = meta.getOrDefault("head_hash", Chain.hex(Chain.GENESIS));
            // Records after this seq are read by scanning, not through the index (018).
            long indexedTo = meta.containsKey(SUBJECTS_INDEXED)
                    ? Long.parseLong(meta.get(SUBJECTS_INDEXED)) : Long.MAX_VALUE;
            long events = 0;
            long keySum = 0;
            long subjects = 0;
            long subjectSum = 0;
            long refs = 0;
            long refSum = 0;
            // A group's records interleave with the rows written in the same commit (a denial's
            // notice between two decisions): they wait here until the walk reaches their seqs.
            java.util.ArrayDeque<RecordGroup.Entry> grouped = new java.util.ArrayDeque<>();
            try (ResultSet rs = s.executeQuery(VERIFY_SQL)) {
                while (true) {
                    boolean more = rs.next();
                    long seq = more ? rs.getLong(1) : Long.MAX_VALUE;
                    while (!grouped.isEmpty() && grouped.peek().seq() < seq) {
                        RecordGroup.Entry e = grouped.poll();
                        if (!walk.check(e.seq(), e.kind() + " " + e.ref(), "records", new Object[] {e.kind(), e.ref(),
                                e.subject(), e.body(), e.actor(), e.recorded()}, h -> Arrays.equals(h, e.hash()))) {
                            return walk.failure;
                        }
                        if (e.seq() <= indexedTo) {
                            if (e.subject() != null) {
                                subjects++;
                                subjectSum += KeyIndex.entrySum(KeyIndex.fingerprint(e.subject()), e.seq());
                            }
                            refs++;
                            refSum += KeyIndex.entrySum(KeyIndex.refKey(e.kind(), e.ref()), e.seq());
                        }
                    }
                    if (!more) {
                        break;
                    }
                    String table = rs.getString(2);
                    if (table.equals("groups")) {
                        List<RecordGroup.Entry> entries = groupAsStored(seq, rs.getLong(4), rs.getBytes(6));
                        if (entries == null || !grouped.isEmpty()) {
                            return walk.changed(Math.max(seq, walk.expected), "a group of records");
                        }
                        grouped.addAll(entries);
                        continue;
                    }
                    if (table.equals("events")) {
                        String subject = rs.getString(4);
                        int count = rs.getInt(5);
                        EventBlock.Cursor cursor = new EventBlock.Cursor(rs.getBytes(6));
                        int n = 0;
                        try {
                            for (; cursor.next(); n++) {
                                if (!walk.check(seq + n, "event " + cursor.key, table,
                                        new Object[] {subject, cursor.key, cursor.body()}, cursor::hashEquals)) {
                                    return walk.failure;
                                }
                                keySum += KeyIndex.entrySum(KeyIndex.fingerprint(cursor.key), seq + n);
                            }
                        } catch (EventBlock.MalformedBlockException e) {
                            return walk.changed(seq + n, "an event of " + subject);
                        }
                        if (n != count) {
                            return walk.changed(seq + Math.min(n, count), "events of " + subject
                                    + ": the row says " + count + " entries and holds " + n);
                        }
                        events += n;
                        continue;
                    }
                    String name = describeEntry(table, rs);
                    Object[] fields = new Object[6];
                    for (int i = 0; i < fields.length; i++) {
                        fields[i] = rs.getObject(4 + i);
                    }
                    byte[] stored = rs.getBytes(3);
                    if (!walk.check(seq, name, table, trim(table, fields), hash -> Arrays.equals(hash, stored))) {
                        return walk.failure;
                    }
                    if (table.equals("records") && fields[2] instanceof String subject && seq <= indexedTo) {
                        subjects++;
                        subjectSum += KeyIndex.entrySum(KeyIndex.fingerprint(subject), seq);
                    }
                }
            }
            if (walk.checked != Long.parseLong(headSeqText) || !Chain.hex(walk.previous).equals(headHashText)) {
                return new Verification(walk.checked, null, walk.checked + 1, "the ledger ends at entry " + walk.checked
                        + " but its head records entry " + headSeqText + ": newest entries were removed");
            }
            // The key index is not part of the chain, but a damaged one would let a duplicate in.
            KeyIndex.Checksum keys = KeyIndex.EVENT_KEYS.checksum(c);
            if (keys.entries() != events || keys.sum() != keySum) {
                return new Verification(walk.checked, null, null, "the chain is intact, but the index of event keys"
                        + (keys.entries() != events ? " holds " + keys.entries() + " keys for " + events + " events"
                                : " does not match the events' keys")
                        + ": it was changed outside Credence");
            }
            // Nor is the index of records' subjects, but a damaged one would hide a decision from its subject.
            KeyIndex.Checksum subjectIndex = KeyIndex.RECORD_SUBJECTS.checksum(c);
            if (subjectIndex.entries() != subjects || subjectIndex.sum() != subjectSum) {
                return new Verification(walk.checked, null, null, "the chain is intact, but the index of records'"
                        + " subjects" + (subjectIndex.entries() != subjects ? " holds " + subjectIndex.entries()
                                + " entries for " + subjects + " records with a subject" : " does not match the records")
                        + ": it was changed outside Credence");
            }
            // Nor is the index of grouped records' refs, but a damaged one would hide a decision asked by its id.
            KeyIndex.Checksum refIndex = KeyIndex.RECORD_REFS.checksum(c);
            if (refIndex.entries() != refs || refIndex.sum() != refSum) {
                return new Verification(walk.checked, null, null, "the chain is intact, but the index of decisions'"
                        + " ids" + (refIndex.entries() != refs ? " holds " + refIndex.entries() + " entries for " + refs
                                + " decisions" : " does not match the decisions")
                        + ": it was changed outside Credence");
            }
        }
        return new Verification(walk.checked, Chain.hex(walk.previous), null, null);
    }

    /**
     * A group row's records, or null when they do not decode or do not fit the row: reads go by its
     * seq and last, which must be its first and last record's, in ascending order.
     */
    private static List<RecordGroup.Entry> groupAsStored(long seq, long last, byte[] bytes) {
        List<RecordGroup.Entry> entries = new ArrayList<>();
        try {
            RecordGroup.Cursor cursor = new RecordGroup.Cursor(bytes);
            while (cursor.advance()) {
                if (!entries.isEmpty() && cursor.seq() <= entries.getLast().seq()) {
                    return null;
                }
                entries.add(cursor.entry());
            }
        } catch (RecordGroup.MalformedGroupException e) {
            return null;
        }
        return entries.isEmpty() || entries.getFirst().seq() != seq || entries.getLast().seq() != last ? null : entries;
    }

    private static Object[] trim(String table, Object[] fields) {
        int count = switch (table) {
            case "retractions", "records" -> 6;
            default -> 5;
        };
        return Arrays.copyOf(fields, count);
    }

    private static String describeEntry(String table, ResultSet rs) throws SQLException {
        return switch (table) {
            case "retractions" -> "retraction of " + rs.getString(4) + "/" + rs.getString(5);
            case "rulebooks" -> "rulebook " + rs.getString(4) + " v" + rs.getString(5);
            default -> rs.getString(4) + " " + rs.getString(5);
        };
    }

    // ------------------------------------------------------------------ lifecycle

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("the store " + file + " is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (checkpointer != null) {
                checkpointer.interrupt();
                try {
                    checkpointer.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Connection c : allReaders) {
                closeQuietly(c);
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing is best effort; the data is already committed.
            }
        }
    }
}
