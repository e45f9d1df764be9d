package io.credence.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An index of string keys to ledger entries, kept as sorted runs of fingerprints (store format 3,
 * decisions 015): {@link #EVENT_KEYS}, the event keys ({@code source/id}) that tell a duplicate or a
 * conflicting event from a new one, and {@link #RECORD_SUBJECTS}, the subject of each record (a
 * subject's decisions, notices and inquiries; format 4, decisions 016), which a random B-tree page
 * per recorded decision made the journal's largest cost. Each entry is a key's 63-bit fingerprint
 * with its entry's seq.
 * A batch adds its entries as one sorted run, in pages of a fixed number of entries (one SQLite row
 * each), in the batch's transaction: a million keys are a thousand rows, not a million. Runs are
 * merged as a binary counter merges its digits (a run is merged into the one before it while that
 * one is less than twice its size), so an index has about log2(entries / batch) runs and each entry
 * is rewritten about as many times; the subject index stops merging at a size (see there).
 *
 * <p>A fingerprint only says "maybe": equal fingerprints lead to the stored entries, whose keys are
 * compared. Two keys with one fingerprint are both indexed; nothing is ever refused for a collision.
 *
 * <p>{@code <name>_runs} lists the runs and their sizes; {@code <name>_pages} holds each run's pages
 * by their last fingerprint, and a run never splits equal fingerprints across two pages.
 */
final class KeyIndex {
    /**
     * Event keys: {@code key_runs}, {@code key_pages}; runs merged whatever their size, pages of 1,024
     * entries (16 KB): keys are mostly checked in bulk, against runs loaded whole (015).
     */
    static final KeyIndex EVENT_KEYS = new KeyIndex("key", Long.MAX_VALUE, 1024);
    /**
     * Records' subjects: {@code subject_runs}, {@code subject_pages}. A merge happens on the
     * journal's writer thread (inside a commit until decisions 020; the next commit waits for it
     * now): no merge makes a run of more than 16,384 entries (256 KB, a few milliseconds; 65,536
     * until decisions 019 found those merges in the p99), so past that size runs are kept side by
     * side. A lookup reads a page of each run, so pages hold 128
     * entries (2 KB, within one SQLite page).
     */
    static final KeyIndex RECORD_SUBJECTS = new KeyIndex("subject", 1 << 14, 128);
    /**
     * The refs of records kept in groups (decisions 019): {@code ref_runs}, {@code ref_pages}, keyed by
     * {@link #refKey}; built behind the journal with the subjects, and alike in every other way.
     */
    static final KeyIndex RECORD_REFS = new KeyIndex("ref", 1 << 14, 128);

    /** What {@link #RECORD_REFS} indexes for a record: its kind and ref. */
    static long refKey(String kind, String ref) {
        return fingerprint(kind + '\u0000' + ref);
    }

    private static final int ENTRY_BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The bits a fingerprint keeps. Tests narrow it, so that most keys collide. */
    static long fingerprintBits = Long.MAX_VALUE;

    private final String runs;
    private final String pages;
    /** The largest run a merge may make. */
    private final long maxMerged;
    /** The most entries a page holds (equal fingerprints may take it past that). */
    private final int pageEntries;
    private final String lookup;
    private final String newestTwo;
    private final String insertPage;
    private final String insertRun;
    private final String deletePages;
    private final String deleteRun;
    private final String readRun;
    private final String allRuns;
    private final String allPages;

    private KeyIndex(String name, long maxMerged, int pageEntries) {
        this.maxMerged = maxMerged;
        this.pageEntries = pageEntries;
        runs = name + "_runs";
        pages = name + "_pages";
        lookup = "SELECT (SELECT entries FROM " + pages + " WHERE run = r.run AND last >= ? ORDER BY last LIMIT 1)"
                + " FROM " + runs + " r";
        newestTwo = "SELECT run, size FROM " + runs + " ORDER BY run DESC LIMIT 2";
        insertPage = "INSERT INTO " + pages + " (run, last, entries) VALUES (?, ?, ?)";
        insertRun = "INSERT INTO " + runs + " (run, size) VALUES (?, ?)";
        deletePages = "DELETE FROM " + pages + " WHERE run = ?";
        deleteRun = "DELETE FROM " + runs + " WHERE run = ?";
        readRun = "SELECT entries FROM " + pages + " WHERE run = ? ORDER BY last";
        allRuns = "SELECT run FROM " + runs + " ORDER BY run";
        allPages = "SELECT entries FROM " + pages;
    }

    void createSchema(Statement s) throws SQLException {
        s.execute("CREATE TABLE " + runs + " (run INTEGER PRIMARY KEY, size INTEGER NOT NULL)");
        s.execute("CREATE TABLE " + pages + " (run INTEGER NOT NULL, last INTEGER NOT NULL, entries BLOB NOT NULL,"
                + " PRIMARY KEY (run, last)) WITHOUT ROWID");
    }

    /**
     * A key's fingerprint: FNV-1a over its characters, mixed (MurmurHash3's finalizer), in 63 bits so
     * that SQLite's signed order is the sort order; never 0.
     */
    static long fingerprint(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h = (mix(h) >>> 1) & fingerprintBits;
        return h == 0 ? 1 : h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** One entry's share of {@link #checksum}: a sum of these does not depend on the order. */
    static long entrySum(long fingerprint, long seq) {
        return mix(fingerprint ^ mix(seq + 0x9E3779B97F4A7C15L));
    }

    /**
     * Sorts the pairs {@code (fingerprints[i], seqs[i])}, {@code i < n}, by fingerprint: a
     * least-significant-digit radix sort, a byte per pass, skipping bytes all pairs share.
     */
    static void sort(long[] fingerprints, long[] seqs, int n) {
        if (n < 2) {
            return;
        }
        long[] fromF = fingerprints;
        long[] fromS = seqs;
        long[] toF = new long[n];
        long[] toS = new long[n];
        int[] counts = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (fromF[i] >>> shift & 0xFF) + 1]++;
            }
            if (counts[(int) (fromF[0] >>> shift & 0xFF) + 1] == n) {
                continue; // every pair has this byte
            }
            for (int b = 0; b < 256; b++) {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < n; i++) {
                int at = counts[(int) (fromF[i] >>> shift & 0xFF)]++;
                toF[at] = fromF[i];
                toS[at] = fromS[i];
            }
            long[] t = fromF;
            fromF = toF;
            toF = t;
            t = fromS;
            fromS = toS;
            toS = t;
        }
        if (fromF != fingerprints) {
            System.arraycopy(fromF, 0, fingerprints, 0, n);
            System.arraycopy(fromS, 0, seqs, 0, n);
        }
    }

    /** The seqs of the indexed entries with this fingerprint, in no particular order. */
    long[] seqs(SqliteLedger.Reader c, long fingerprint) throws SQLException {
        PreparedStatement ps = c.statement(lookup);
        ps.setLong(1, fingerprint);
        long[] found = new long[0];
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] page = rs.getBytes(1);
                if (page == null) {
                    continue;
                }
                int n = page.length / ENTRY_BYTES;
                int at = firstAtLeast(page, n, fingerprint);
                for (; at < n && fingerprintAt(page, at) == fingerprint; at++) {
                    found = Arrays.copyOf(found, found.length + 1);
                    found[found.length - 1] = seqAt(page, at);
                }
            }
        }
        return found;
    }

    /**
     * Recent lookups of one index, remembered with the seq up to which the index held every entry
     * when they were made: the entries up to that seq never change afterwards (an index step adds
     * entries past it and moves the mark in one transaction; a merge moves entries between runs, never
     * adds or drops one), so a lookup at the same mark finds the same seqs. Each lookup reads a page
     * of every run (200 runs after two million decisions, about 10 ms), and one page for a subject
     * asks for the same subject's records of several kinds.
     */
    static final class Lookups {
        private record Key(long fingerprint, long indexed) {}

        private final KeyIndex index;
        private final java.util.Map<Key, long[]> recent;

        Lookups(KeyIndex index, int capacity) {
            this.index = index;
            this.recent = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Key, long[]> eldest) {
                    return size() > capacity;
                }
            });
        }

        /**
         * The seqs of the entries with this fingerprint, sorted; {@code indexed} is the index's mark
         * as read in the caller's snapshot. The array is shared: callers must not modify it.
         */
        long[] seqs(SqliteLedger.Reader c, long fingerprint, long indexed) throws SQLException {
            Key key = new Key(fingerprint, indexed);
            long[] seqs = recent.get(key);
            if (seqs == null) {
                seqs = index.seqs(c, fingerprint);
                Arrays.sort(seqs);
                if (indexed != Long.MAX_VALUE) { // no mark (a store without one): nothing to key on
                    recent.put(key, seqs);
                }
            }
            return seqs;
        }
    }

    private static int firstAtLeast(byte[] page, int n, long fingerprint) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fingerprintAt(page, mid) < fingerprint) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long fingerprintAt(byte[] page, int i) {
        return (long) LONGS.get(page, i * ENTRY_BYTES);
    }

    private static long seqAt(byte[] page, int i) {
        return (long) LONGS.get(page, i * ENTRY_BYTES + 8);
    }

    /** The rule both the stored runs and a writer's runs in memory follow: merge while this holds. */
    private static boolean carries(long before, long newest) {
        return before < 2 * newest;
    }

    /**
     * Adds the first {@code n} pairs, sorted by fingerprint, as run {@code run} (a number no run has:
     * the batch's first seq), then merges runs while the one before the newest is less than twice
     * its size and the two make at most the index's largest run. Part of the caller's transaction.
     */
    void add(SqliteLedger.Reader w, long run, long[] fingerprints, long[] seqs, int n) throws SQLException {
        if (n == 0) {
            return;
        }
        writeRun(w, run, fingerprints, seqs, n);
        while (true) {
            long[][] lastTwo = new long[2][];
            int found = 0;
            try (ResultSet rs = w.statement(newestTwo).executeQuery()) {
                while (rs.next()) {
                    lastTwo[found++] = new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
            if (found < 2 || !carries(lastTwo[1][1], lastTwo[0][1]) || lastTwo[1][1] + lastTwo[0][1] > maxMerged) {
                return;
            }
            merge(w, lastTwo[1][0], lastTwo[0][0]);
        }
    }

    private void writeRun(SqliteLedger.Reader w, long run, long[] fingerprints, long[] seqs, int n)
            throws SQLException {
        PreparedStatement ps = w.statement(insertPage);
        for (int from = 0; from < n; ) {
            int to = Math.min(n, from + pageEntries);
            while (to < n && fingerprints[to] == fingerprints[to - 1]) {
                to++; // equal fingerprints stay on one page
            }
            byte[] page = new byte[(to - from) * ENTRY_BYTES];
            for (int i = from; i < to; i++) {
                LONGS.set(page, (i - from) * ENTRY_BYTES, fingerprints[i]);
                LONGS.set(page, (i - from) * ENTRY_BYTES + 8, seqs[i]);
            }
            ps.setLong(1, run);
            ps.setLong(2, fingerprints[to - 1]);
            ps.setBytes(3, page);
            ps.executeUpdate();
            from = to;
        }
        PreparedStatement size = w.statement(insertRun);
        size.setLong(1, run);
        size.setLong(2, n);
        size.executeUpdate();
    }

    /** Merges run {@code newer} into run {@code older}. */
    private void merge(SqliteLedger.Reader w, long older, long newer) throws SQLException {
        Entries merged = Entries.merge(read(w, older), read(w, newer));
        for (long run : new long[] {older, newer}) {
            PreparedStatement pages = w.statement(deletePages);
            pages.setLong(1, run);
            pages.executeUpdate();
            PreparedStatement runs = w.statement(deleteRun);
            runs.setLong(1, run);
            runs.executeUpdate();
        }
        writeRun(w, older, merged.fingerprints(), merged.seqs(), merged.fingerprints().length);
    }

    /** A run's entries in order: fingerprints and, at the same index, seqs. */
    private record Entries(long[] fingerprints, long[] seqs) {
        static Entries merge(Entries a, Entries b) {
            int n = a.fingerprints.length + b.fingerprints.length;
            long[] fingerprints = new long[n];
            long[] seqs = new long[n];
            int i = 0;
            int j = 0;
            for (int k = 0; k < n; k++) {
                if (j >= b.fingerprints.length
                        || i < a.fingerprints.length && a.fingerprints[i] <= b.fingerprints[j]) {
                    fingerprints[k] = a.fingerprints[i];
                    seqs[k] = a.seqs[i++];
                } else {
                    fingerprints[k] = b.fingerprints[j];
                    seqs[k] = b.seqs[j++];
                }
            }
            return new Entries(fingerprints, seqs);
        }
    }

    private Entries read(SqliteLedger.Reader c, long run) throws SQLException {
        PreparedStatement ps = c.statement(readRun);
        ps.setLong(1, run);
        List<byte[]> pages = new ArrayList<>();
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] page = rs.getBytes(1);
                pages.add(page);
                n += page.length / ENTRY_BYTES;
            }
        }
        long[] fingerprints = new long[n];
        long[] seqs = new long[n];
        int k = 0;
        for (byte[] page : pages) {
            for (int i = 0; i < page.length / ENTRY_BYTES; i++, k++) {
                fingerprints[k] = fingerprintAt(page, i);
                seqs[k] = seqAt(page, i);
            }
        }
        return new Entries(fingerprints, seqs);
    }

    /** Every indexed entry, for a writer about to check many keys. */
    Fingerprints load(SqliteLedger.Reader c) throws SQLException {
        List<Long> stored = new ArrayList<>();
        try (ResultSet rs = c.statement(allRuns).executeQuery()) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        Fingerprints all = new Fingerprints();
        for (long run : stored) {
            all.add(read(c, run));
        }
        return all;
    }

    /** What the index holds, summed so that {@code verify} can compare it with the entries. */
    record Checksum(long entries, long sum) {}

    Checksum checksum(SqliteLedger.Reader c) throws SQLException {
        long entries = 0;
        long sum = 0;
        try (ResultSet rs = c.statement(allPages).executeQuery()) {
            while (rs.next()) {
                byte[] page = rs.getBytes(1);
                for (int i = 0; i < page.length / ENTRY_BYTES; i++) {
                    sum += entrySum(fingerprintAt(page, i), seqAt(page, i));
                    entries++;
                }
            }
        }
        return new Checksum(entries, sum);
    }

    /**
     * The index in memory, kept by a writer that checks many keys: sorted runs merged as the stored
     * ones are, so that a sorted batch is checked against each run in one sequential pass, and a
     * duplicate's entries are found without a query. It may hold more than the store (entries of a
     * write that then failed): a "maybe" is all it answers.
     */
    static final class Fingerprints {
        /** Sorted runs, largest first: fingerprints and, at the same index, seqs. */
        private final List<Entries> runs = new ArrayList<>();

        /** Adds the first {@code n} pairs, sorted by fingerprint. */
        void add(long[] fingerprints, long[] seqs, int n) {
            if (n > 0) { // none: a batch that was all duplicates
                add(new Entries(Arrays.copyOf(fingerprints, n), Arrays.copyOf(seqs, n)));
            }
        }

        private void add(Entries run) {
            while (!runs.isEmpty() && carries(runs.getLast().fingerprints().length, run.fingerprints().length)) {
                run = Entries.merge(runs.removeLast(), run);
            }
            runs.add(run);
        }

        /** The seqs held for this fingerprint, in no particular order. */
        long[] seqs(long fingerprint) {
            long[] found = new long[0];
            for (Entries run : runs) {
                int at = Arrays.binarySearch(run.fingerprints(), fingerprint);
                if (at < 0) {
                    continue;
                }
                while (at > 0 && run.fingerprints()[at - 1] == fingerprint) {
                    at--;
                }
                for (; at < run.fingerprints().length && run.fingerprints()[at] == fingerprint; at++) {
                    found = Arrays.copyOf(found, found.length + 1);
                    found[found.length - 1] = run.seqs()[at];
                }
            }
            return found;
        }

        /** Whether any of the first {@code n} of these sorted fingerprints is held. */
        boolean containsAny(long[] sorted, int n) {
            for (Entries entries : runs) {
                long[] run = entries.fingerprints();
                if (run.length > 32L * n) { // a few keys against many: look each up
                    for (int i = 0; i < n; i++) {
                        if (Arrays.binarySearch(run, sorted[i]) >= 0) {
                            return true;
                        }
                    }
                    continue;
                }
                int j = 0;
                for (int i = 0; i < n; i++) {
                    long f = sorted[i];
                    while (j < run.length && run[j] < f) {
                        j++;
                    }
                    if (j < run.length && run[j] == f) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
