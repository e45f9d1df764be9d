package io.credence.ledger;

import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.event.CanonicalJson;
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
 * {@code rulebooks} and {@code records} (decisions and other kinds). Each row stores its
 * {@code seq}, its fields, when it was recorded and its hash; {@code meta} keeps the head (last seq
 * and hash) so that removing the newest entries is found too. Nothing is ever updated or deleted.
 *
 * <p>Writes. One writer connection, serialized by a lock; a batch is one transaction with
 * {@code synchronous=FULL}, so an acknowledged batch survives a crash and an unacknowledged one leaves
 * no trace. The fast path inserts a whole batch with a JDBC batch and relies on the unique index on
 * {@code (source, id)}; if any row collides, the transaction is rolled back and the batch is redone
 * row by row to tell duplicates from conflicts.
 *
 * <p>Reads. Each reading thread borrows its own connection from a pool; WAL readers see the last
 * committed state and never wait for the writer.
 */
final class SqliteLedger implements Ledger {
    static final String FILE_NAME = "ledger.db";
    /** "CRED" in ASCII: marks a SQLite file as a Credence store. */
    static final int APPLICATION_ID = 0x43524544;
    static final int FORMAT = 1;

    private final Path file;
    private final Clock clock;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Reader> readers = new ConcurrentLinkedQueue<>();
    private final List<Connection> allReaders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Chain chain = new Chain();
    private long headSeq;
    private byte[] headHash;
    private volatile boolean closed;
    private Thread checkpointer;
    /**
     * The head this process has written or seen, set before each commit (so the committed head is
     * never above it for this process's own writes) and read by the checkpointer's poll.
     */
    private volatile long knownHead;
    private final List<Runnable> externalListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SqliteLedger(Path file, Clock clock, Connection writer) {
        this.file = file;
        this.clock = clock;
        this.writer = writer;
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
                long announced = knownHead;
                while (!closed) {
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    // Another process's commit moves the stored head past anything this one wrote.
                    long stored = storedHead(s);
                    if (stored > knownHead && stored != announced) {
                        announced = stored;
                        externalChange();
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

    private static long storedHead(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'head_seq'")) {
            return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
        }
    }

    @Override
    public void onExternalChange(Runnable listener) {
        externalListeners.add(listener);
    }

    private void externalChange() {
        for (Runnable listener : externalListeners) {
            listener.run();
        }
    }

    /**
     * Starts a write: takes SQLite's write lock at once (a write that changes nothing), then reads the
     * head of the chain from the store. Another process may have appended since this one last wrote;
     * chaining onto a head kept in memory would then fork the chain, so the stored head is the one
     * continued, and listeners learn that the store changed under them.
     */
    private void beginWrite() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.executeUpdate("UPDATE meta SET value = value WHERE key = 'head_seq'");
            long stored = storedHead(s);
            if (stored != headSeq) {
                try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'head_hash'")) {
                    headHash = rs.next() ? HexFormat.of().parseHex(rs.getString(1)) : Chain.GENESIS;
                }
                headSeq = stored;
                knownHead = stored;
                externalChange();
            }
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
            }
            try (ResultSet rs = s.executeQuery("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')")) {
                Map<String, String> meta = new HashMap<>();
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
                headSeq = Long.parseLong(meta.getOrDefault("head_seq", "0"));
                knownHead = headSeq;
                headHash = meta.containsKey("head_hash") ? HexFormat.of().parseHex(meta.get("head_hash"))
                        : Chain.GENESIS;
            }
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot read " + file + ": " + e.getMessage());
        }
        writer.setAutoCommit(false);
    }

    private static int pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("PRAGMA application_id = " + APPLICATION_ID);
        s.execute("PRAGMA user_version = " + FORMAT);
        s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
        // Clustered by subject: a standing reads one contiguous range, and scoring everyone is one
        // sequential scan. The unique index on (source, id) is what tells duplicates and conflicts.
        // key is source/id; body is EventRow's binary record (recorded, at, type, data).
        s.execute("CREATE TABLE events (subject TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL,"
                + " body BLOB NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (subject, seq)) WITHOUT ROWID");
        s.execute("CREATE UNIQUE INDEX events_key ON events (key)");
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
        s.execute("CREATE INDEX records_subject ON records (subject, kind)");
        s.execute("INSERT INTO meta (key, value) VALUES ('created', '" + Instant.now() + "')");
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
        if (events.isEmpty()) {
            return new AppendResult(0, 0, List.of());
        }
        return write(() -> {
            long recorded = now();
            long startSeq = headSeq;
            byte[] startHash = headHash;
            try {
                int accepted = insertAll(events, recorded);
                return new AppendResult(accepted, 0, List.of());
            } catch (SQLException collision) {
                if (!isConstraint(collision)) {
                    throw collision;
                }
                writer.rollback();
                headSeq = startSeq;
                headHash = startHash;
                beginWrite(); // the rollback let go of the write lock
                return insertCarefully(events, recorded);
            }
        });
    }

    private static boolean isConstraint(SQLException e) {
        return String.valueOf(e.getMessage()).contains("CONSTRAINT");
    }

    /**
     * The fast path: every event is new. Throws on the first (source, id) that exists, in the store or
     * earlier in the same batch (the unique index sees both).
     */
    private int insertAll(List<Event> events, long recorded) throws SQLException {
        // Many rows per statement: sqlite-jdbc's per-statement cost dominates a one-row insert.
        int full = events.size() / ROWS_PER_INSERT;
        if (full > 0) {
            try (PreparedStatement ps = writer.prepareStatement(insertSql(ROWS_PER_INSERT))) {
                for (int b = 0; b < full; b++) {
                    for (int r = 0; r < ROWS_PER_INSERT; r++) {
                        bindEvent(ps, r * EVENT_COLUMNS, events.get(b * ROWS_PER_INSERT + r), recorded);
                    }
                    ps.executeUpdate();
                }
            }
        }
        int rest = events.size() - full * ROWS_PER_INSERT;
        if (rest > 0) {
            try (PreparedStatement ps = writer.prepareStatement(insertSql(rest))) {
                for (int r = 0; r < rest; r++) {
                    bindEvent(ps, r * EVENT_COLUMNS, events.get(full * ROWS_PER_INSERT + r), recorded);
                }
                ps.executeUpdate();
            }
        }
        commitHead();
        return events.size();
    }

    private static final int ROWS_PER_INSERT = 100;
    private static final int EVENT_COLUMNS = 5;

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO events (subject, seq, key, body, hash) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?)");
        }
        return sql.toString();
    }

    /** The careful path: look each event up, so duplicates and conflicts are told apart. */
    private AppendResult insertCarefully(List<Event> events, long recorded) throws SQLException {
        int accepted = 0;
        int duplicates = 0;
        List<AppendResult.Conflict> conflicts = new ArrayList<>();
        Map<EventKey, Event> inBatch = new HashMap<>();
        try (PreparedStatement insert = writer.prepareStatement(insertSql(1));
                PreparedStatement find = writer.prepareStatement("SELECT subject, body FROM events WHERE key = ?")) {
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                Event existing = inBatch.get(event.key());
                if (existing == null) {
                    find.setString(1, EventRow.key(event));
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            existing = EventRow.event(rs.getString(1), EventRow.key(event), rs.getBytes(2));
                        }
                    }
                }
                if (existing == null) {
                    bindEvent(insert, event, recorded);
                    insert.executeUpdate();
                    inBatch.put(event.key(), event);
                    accepted++;
                } else if (sameContent(existing, event)) {
                    duplicates++;
                } else {
                    conflicts.add(new AppendResult.Conflict(i, "an event " + event.key()
                            + " was recorded before with different content; ids are unique within their source"));
                }
            }
        }
        commitHead();
        return new AppendResult(accepted, duplicates, conflicts);
    }

    private static boolean sameContent(Event a, Event b) {
        return a.subject().equals(b.subject()) && a.type().equals(b.type()) && a.at().equals(b.at())
                && CanonicalJson.write(a.data()).equals(CanonicalJson.write(b.data()));
    }

    private void bindEvent(PreparedStatement ps, Event event, long recorded) throws SQLException {
        bindEvent(ps, 0, event, recorded);
    }

    private void bindEvent(PreparedStatement ps, int offset, Event event, long recorded) throws SQLException {
        long seq = headSeq + 1;
        String key = EventRow.key(event);
        byte[] body = EventRow.body(event, recorded);
        byte[] hash = chain.hash(headHash, "events", seq, event.subject(), key, body);
        ps.setString(offset + 1, event.subject());
        ps.setLong(offset + 2, seq);
        ps.setString(offset + 3, key);
        ps.setBytes(offset + 4, body);
        ps.setBytes(offset + 5, hash);
        headSeq = seq;
        headHash = hash;
    }

    @Override
    public Retraction retract(EventKey key, String reason, String actor) {
        return write(() -> {
            String subject;
            try (PreparedStatement ps = writer.prepareStatement("SELECT subject FROM events WHERE key = ?")) {
                ps.setString(1, key.source() + "/" + key.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("no event " + key + " in the ledger");
                    }
                    subject = rs.getString(1);
                }
            }
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
        StoredRecord result;
        RuntimeException failure;
        boolean done;

        PendingRecord(String kind, String ref, String subject, String body, String actor) {
            this.kind = kind;
            this.ref = ref;
            this.subject = subject;
            this.body = body;
            this.actor = actor;
        }
    }

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
        List<PendingRecord> mine = new ArrayList<>(drafts.size());
        for (RecordDraft d : drafts) {
            mine.add(new PendingRecord(d.kind(), d.ref(), d.subject(), d.body(), d.actor()));
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
        PendingRecord mine = new PendingRecord(kind, ref, subject, body, actor);
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

    private void commitPendingRecords() {
        List<PendingRecord> batch = new ArrayList<>();
        for (PendingRecord p; (p = pendingRecords.poll()) != null;) {
            batch.add(p);
        }
        long startSeq = headSeq;
        byte[] startHash = headHash;
        try {
            ensureOpen();
            beginWrite();
            startSeq = headSeq;
            startHash = headHash;
            long recorded = now();
            List<StoredRecord> results = new ArrayList<>(batch.size());
            try (PreparedStatement ps = writer.prepareStatement("INSERT INTO records"
                    + " (seq, kind, ref, subject, body, actor, recorded, hash) VALUES (?,?,?,?,?,?,?,?)")) {
                for (PendingRecord p : batch) {
                    long seq = headSeq + 1;
                    byte[] hash = chain.hash(headHash, "records", seq, p.kind, p.ref, p.subject, p.body, p.actor,
                            recorded);
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
                    headSeq = seq;
                    headHash = hash;
                    results.add(new StoredRecord(seq, p.kind, p.ref, p.subject, p.body, p.actor,
                            Instants.fromNanos(recorded)));
                }
            }
            commitHead();
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

    private void advance(long seq, byte[] hash) throws SQLException {
        headSeq = seq;
        headHash = hash;
        commitHead();
    }

    private void commitHead() throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, Long.toString(headSeq));
            ps.setString(2, Chain.hex(headHash));
            ps.executeUpdate();
        }
        knownHead = headSeq;
        writer.commit();
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
    private static final class Reader {
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
        return read(c -> {
            PreparedStatement ps = c.statement("SELECT subject, body FROM events WHERE key = ?");
            String k = key.source() + "/" + key.id();
            ps.setString(1, k);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(EventRow.event(rs.getString(1), k, rs.getBytes(2))) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<Instant> recorded(EventKey key) {
        return read(c -> {
            PreparedStatement ps = c.statement("SELECT body FROM events WHERE key = ?");
            ps.setString(1, key.source() + "/" + key.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instants.fromNanos(EventRow.recorded(rs.getBytes(1))))
                        : Optional.empty();
            }
        });
    }

    @Override
    public SubjectHistory history(String subject) {
        return read(c -> {
            List<Event> events = new ArrayList<>();
            Map<EventKey, Instant> recorded = new HashMap<>();
            {
                PreparedStatement ps = c.statement("SELECT key, body FROM events WHERE subject = ?");
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] body = rs.getBytes(2);
                        Event event = EventRow.event(subject, rs.getString(1), body);
                        events.add(event);
                        recorded.put(event.key(), Instants.fromNanos(EventRow.recorded(body)));
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

    private static Retraction retraction(ResultSet rs) throws SQLException {
        return new Retraction(new EventKey(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                Instants.fromNanos(rs.getLong(5)));
    }

    @Override
    public void forEachHistory(boolean withRecorded, Consumer<SubjectHistory> consumer) {
        read(c -> {
            Map<String, Map<EventKey, Retraction>> retractions = new HashMap<>();
            try (Statement s = c.connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT source, id, reason, actor, recorded, subject FROM retractions")) {
                while (rs.next()) {
                    Retraction r = retraction(rs);
                    retractions.computeIfAbsent(rs.getString(6), k -> new HashMap<>()).put(r.event(), r);
                }
            }
            // One snapshot for both queries: each subject with its number of events, then the events
            // alone, one column each, in the same order. sqlite-jdbc pays a native call per column
            // read, so not reading the subject (and the key apart) on every row saves two of three.
            c.connection.setAutoCommit(false);
            try (Statement s = c.connection.createStatement()) {
                List<String> subjects = new ArrayList<>();
                List<Integer> counts = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(
                        "SELECT subject, count(*) FROM events GROUP BY subject ORDER BY subject")) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                        counts.add(rs.getInt(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT key || x'00' || body FROM events ORDER BY subject, seq")) {
                    for (int i = 0; i < subjects.size(); i++) {
                        String subject = subjects.get(i);
                        int n = counts.get(i);
                        List<Event> events = new ArrayList<>(n);
                        Map<EventKey, Instant> recorded = withRecorded ? new HashMap<>() : Map.of();
                        for (int e = 0; e < n && rs.next(); e++) {
                            byte[] row = rs.getBytes(1);
                            int body = EventRow.bodyOffset(row);
                            Event event = EventRow.event(subject, new String(row, 0, body - 1,
                                    java.nio.charset.StandardCharsets.ISO_8859_1), row, body);
                            events.add(event);
                            if (withRecorded) {
                                recorded.put(event.key(), Instants.fromNanos(EventRow.recorded(row, body)));
                            }
                        }
                        consumer.accept(new SubjectHistory(subject, events, retractions.getOrDefault(subject,
                                Map.of()), recorded));
                    }
                }
            } finally {
                c.connection.rollback();
                c.connection.setAutoCommit(true);
            }
            return null;
        });
    }

    @Override
    public long subjectCount() {
        return count("SELECT count(DISTINCT subject) FROM events");
    }

    @Override
    public long eventCount() {
        return count("SELECT count(*) FROM events");
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
            PreparedStatement ps = c.statement("SELECT seq, kind, ref, subject, body, actor, recorded"
                + " FROM records WHERE kind = ? AND ref = ?");
            ps.setString(1, kind);
            ps.setString(2, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(storedRecord(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<StoredRecord> records(String kind, String subject) {
        // Two plain forms rather than "(? IS NULL OR subject = ?)", so that SQLite uses the
        // (subject, kind) index for one subject's records and the (kind, ref) index otherwise.
        return subject == null ? recordQuery("kind = ? ORDER BY seq", kind)
                : recordQuery("subject = ? AND kind = ? ORDER BY seq", subject, kind);
    }

    @Override
    public List<StoredRecord> recordsAfter(String kind, long seq, int limit) {
        return recordQuery("kind = ? AND seq > ? ORDER BY seq LIMIT ?", kind, seq, limit);
    }

    private List<StoredRecord> recordQuery(String where, Object... parameters) {
        return read(c -> {
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
        });
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
            SELECT seq, 'events', hash, subject, key, body, NULL, NULL, NULL FROM events
            UNION ALL SELECT seq, 'retractions', hash, source, id, subject, reason, actor, recorded FROM retractions
            UNION ALL SELECT seq, 'rulebooks', hash, name, version, yaml, actor, recorded, NULL FROM rulebooks
            UNION ALL SELECT seq, 'records', hash, kind, ref, subject, body, actor, recorded FROM records
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

    private Verification verify(Reader c) throws SQLException {
        {
            Chain verifier = new Chain();
            byte[] previous = Chain.GENESIS;
            long expected = 1;
            long checked = 0;
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
                try (ResultSet rs = s.executeQuery(VERIFY_SQL)) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        String table = rs.getString(2);
                        String name = describeEntry(table, rs);
                        if (seq < expected) {
                            return new Verification(checked, null, seq, "entry " + seq + " (" + name
                                    + ") appears twice in the sequence: an entry was inserted");
                        }
                        if (seq > expected) {
                            return new Verification(checked, null, expected, "entry " + expected
                                    + " is missing (the sequence jumps from " + (expected - 1) + " to " + seq
                                    + "): an entry was removed");
                        }
                        Object[] fields = new Object[6];
                        for (int i = 0; i < fields.length; i++) {
                            fields[i] = rs.getObject(4 + i);
                        }
                        byte[] hash = verifier.hash(previous, table, seq, trim(table, fields));
                        if (!Arrays.equals(hash, rs.getBytes(3))) {
                            return new Verification(checked, null, seq, "entry " + seq + " (" + name
                                    + ") does not match its hash: it was changed, or entries were reordered");
                        }
                        previous = hash;
                        expected++;
                        checked++;
                    }
                }
            }
            if (checked != Long.parseLong(headSeqText) || !Chain.hex(previous).equals(headHashText)) {
                return new Verification(checked, null, checked + 1, "the ledger ends at entry " + checked
                        + " but its head records entry " + headSeqText + ": newest entries were removed");
            }
            return new Verification(checked, Chain.hex(previous), null, null);
        }
    }

    private static Object[] trim(String table, Object[] fields) {
        int count = switch (table) {
            case "events" -> 3;
            case "retractions", "records" -> 6;
            default -> 5;
        };
        return Arrays.copyOf(fields, count);
    }

    private static String describeEntry(String table, ResultSet rs) throws SQLException {
        return switch (table) {
            case "events" -> "event " + rs.getString(5);
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
