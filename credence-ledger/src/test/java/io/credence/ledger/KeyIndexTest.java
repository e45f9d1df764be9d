package io.credence.ledger;

import static io.credence.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.testing.Fixtures;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of event keys tells duplicates and conflicts from new events exactly, even when every
 * key shares its fingerprint with others, and stays a few runs however it is fed; the index of
 * records' subjects gives each subject exactly their records. Seeded; the seed is printed.
 */
class KeyIndexTest {
    private static final long SEED = Fixtures.seed("KeyIndexTest");

    @TempDir
    Path dir;

    @AfterEach
    void wideFingerprints() {
        KeyIndex.fingerprintBits = Long.MAX_VALUE;
        SqliteLedger.subjectTail = SqliteLedger.SUBJECT_TAIL;
    }

    @Test
    void pairsAreSortedByFingerprint() {
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(3000);
            long[] fingerprints = new long[n];
            long[] seqs = new long[n];
            for (int i = 0; i < n; i++) {
                fingerprints[i] = random.nextInt(4) == 0 ? random.nextInt(5) + 1 : random.nextLong() >>> 1;
                seqs[i] = fingerprints[i] ^ 0x5555; // travels with its fingerprint
            }
            long[] expected = fingerprints.clone();
            Arrays.sort(expected);
            KeyIndex.sort(fingerprints, seqs, n);
            assertThat(fingerprints).as("seed %d, round %d", SEED, round).containsExactly(expected);
            for (int i = 0; i < n; i++) {
                assertThat(seqs[i]).as("seed %d, round %d", SEED, round).isEqualTo(fingerprints[i] ^ 0x5555);
            }
        }
    }

    @Test
    void collidingFingerprintsNeverMakeADuplicateOrHideOne() throws SQLException {
        KeyIndex.fingerprintBits = 7; // seven fingerprints for every key there is
        Random random = new Random(SEED);
        int[] sizes = new int[40];
        for (int b = 0; b < sizes.length; b++) {
            sizes[b] = b == 30 ? SqliteLedger.LOAD_KEYS_AT : 1 + random.nextInt(60); // one loads the index
        }
        checkAgainstAModel(random, sizes, 35);
    }

    @Test
    void largeBatchesAndSmallOnesAgreeWithAModel() throws SQLException {
        // Small batches look keys up by SQL; the first large one loads the index into memory, where
        // the next batches of that writer look; a writer opened again (batch 5) looks up by SQL again.
        int large = SqliteLedger.LOAD_KEYS_AT;
        checkAgainstAModel(new Random(SEED + 1), new int[] {40, 300, large + 500, 70, large + 100, 90, 25}, 5);
    }

    /**
     * Appends random batches of these sizes (fresh keys, repeats of stored ones, changed ones,
     * repeats within the batch) and compares every result with a map from key to content; the
     * ledger is closed and opened again before batch {@code reopenAt}.
     */
    private void checkAgainstAModel(Random random, int[] sizes, int reopenAt) throws SQLException {
        Map<String, Event> model = new HashMap<>();
        List<Event> stored = new ArrayList<>();
        int next = 0;
        Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
        try {
            for (int b = 0; b < sizes.length; b++) {
                if (b == reopenAt) {
                    ledger.close();
                    ledger = Ledgers.sqlite(dir, false, Clock.systemUTC());
                }
                List<Event> batch = new ArrayList<>();
                // Odd batches may hold a key twice; even ones never do, so that the writer's check of
                // its fingerprints alone decides whether it looks keys up.
                boolean repeats = b % 2 == 1;
                java.util.Set<String> keys = new java.util.HashSet<>();
                for (int i = 0; i < sizes[b]; i++) {
                    int kind = random.nextInt(10);
                    Event old = stored.isEmpty() ? null : stored.get(random.nextInt(stored.size()));
                    if (old != null && !repeats && !keys.add(old.source() + "/" + old.id())) {
                        kind = 9; // taken in this batch already
                    }
                    if (kind == 0 && old != null) {
                        batch.add(old);
                    } else if (kind == 1 && old != null) {
                        batch.add(event(old.source(), old.id(), old.subject(), "fine", "2024-02-02T00:00:00Z",
                                Map.of("changed", (long) i)));
                    } else if (kind == 2 && !batch.isEmpty() && repeats) {
                        batch.add(batch.get(random.nextInt(batch.size())));
                    } else {
                        int id = next++;
                        batch.add(event(random.nextBoolean() ? "court" : "bank", "e" + id, "P-" + random.nextInt(50),
                                "fine", "2024-01-01T00:00:00Z", Map.of("n", (long) id)));
                    }
                }
                int accepted = 0;
                int duplicates = 0;
                List<Integer> conflicts = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Event e = batch.get(i);
                    String key = e.source() + "/" + e.id();
                    Event before = model.get(key);
                    if (before == null) {
                        model.put(key, e);
                        stored.add(e);
                        accepted++;
                    } else if (before.equals(e)) {
                        duplicates++;
                    } else {
                        conflicts.add(i);
                    }
                }
                AppendResult result = ledger.append(batch);
                String at = "seed " + SEED + ", batch " + b;
                assertThat(result.accepted()).as(at).isEqualTo(accepted);
                assertThat(result.duplicates()).as(at).isEqualTo(duplicates);
                assertThat(result.conflicts()).as(at).extracting(AppendResult.Conflict::index)
                        .containsExactlyElementsOf(conflicts);
            }
            assertThat(ledger.eventCount()).isEqualTo(model.size());
            for (int i = 0; i < 500; i++) { // each key's first content, found by its key
                Event e = stored.get(random.nextInt(stored.size()));
                assertThat(ledger.event(new EventKey(e.source(), e.id()))).as("seed %d", SEED).contains(e);
            }
            assertThat(ledger.event(new EventKey("court", "never"))).isEmpty();
            assertThat(ledger.verify().intact()).isTrue();
        } finally {
            ledger.close();
        }
        assertThat(runs()).as("seed %d: runs for %d keys", SEED, model.size())
                .isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(model.size()));
    }

    @Test
    void oneEventAtATimeKeepsAFewRuns() throws SQLException {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            for (int i = 0; i < 300; i++) {
                ledger.append(List.of(event("court", "c" + i, "P-1", "fine", "2024-01-01T00:00:00Z")));
            }
            assertThat(ledger.append(List.of(event("court", "c7", "P-1", "fine", "2024-01-01T00:00:00Z")))
                    .duplicates()).isEqualTo(1);
            assertThat(ledger.verify().intact()).isTrue();
        }
        // 300 is 100101100 in binary: a run for each 1, as a binary counter has digits.
        assertThat(runs()).isEqualTo(Long.bitCount(300));
    }

    @Test
    void anotherProcessesKeysAreSeen() {
        List<Event> many = new ArrayList<>();
        for (int i = 0; i < SqliteLedger.LOAD_KEYS_AT; i++) {
            many.add(event("court", "c" + i, "P-" + (i % 7), "fine", "2024-01-01T00:00:00Z"));
        }
        try (Ledger first = Ledgers.sqlite(dir, true, Clock.systemUTC());
                Ledger second = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            first.append(many); // loads, and then keeps, the fingerprints it knows
            Event late = event("bank", "b1", "P-1", "fine", "2024-01-01T00:00:00Z");
            second.append(List.of(late));
            List<Event> again = new ArrayList<>(many.subList(0, 10));
            for (int i = 0; i < SqliteLedger.LOAD_KEYS_AT; i++) {
                again.add(event("court", "d" + i, "P-2", "fine", "2024-01-01T00:00:00Z"));
            }
            again.add(late);
            AppendResult result = first.append(again);
            assertThat(result.duplicates()).isEqualTo(11);
            assertThat(result.accepted()).isEqualTo(SqliteLedger.LOAD_KEYS_AT);
        }
    }

    @Test
    void eachSubjectGetsExactlyTheirRecordsWhenFingerprintsCollide() throws SQLException {
        KeyIndex.fingerprintBits = 7; // the 40 subjects share seven fingerprints
        SqliteLedger.subjectTail = 40; // runs every few groups, and records after the last one
        Random random = new Random(SEED + 2);
        Map<String, List<String>> model = new HashMap<>(); // subject and kind -> refs, in order
        int next = 0;
        String firstNotice = null;
        List<String> decisions = new ArrayList<>(); // kept in groups, found by their refs' fingerprints

        Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
        try {
            for (int group = 0; group < 60; group++) {
                if (group == 40) {
                    ledger.close();
                    ledger = Ledgers.sqlite(dir, false, Clock.systemUTC());
                }
                List<Ledger.RecordDraft> drafts = new ArrayList<>();
                int size = group == 20 ? 150 : 1 + random.nextInt(30); // one subject past a query's 64 seqs
                for (int i = 0; i < size; i++) {
                    String subject = group == 20 ? "P-0" : random.nextInt(8) == 0 ? null : "P-" + random.nextInt(40);
                    String kind = random.nextBoolean() ? "decision" : "notice";
                    String ref = "r" + next++;
                    drafts.add(new Ledger.RecordDraft(kind, ref, subject, "{}", "tester"));
                    if (subject != null) {
                        model.computeIfAbsent(subject + " " + kind, k -> new ArrayList<>()).add(ref);
                    }
                }
                if (firstNotice == null) {
                    firstNotice = drafts.stream().filter(d -> d.kind().equals("notice")).map(Ledger.RecordDraft::ref)
                            .findFirst().orElse(null);
                } else if (random.nextInt(5) == 0) { // a notice's ref taken already: refused alone, not indexed
                    drafts.add(new Ledger.RecordDraft("notice", firstNotice, "P-1", "{}", "tester"));
                }
                drafts.stream().filter(d -> d.kind().equals("decision")).forEach(d -> decisions.add(d.ref()));
                ledger.appendRecords(drafts);
            }
            // The last group may have indexed everything: a record more (two, if the first fills the
            // tail again) leaves records after the last run, so the reads below scan some.
            while (RawStore.unindexed(dir) == 0) {
                String ref = "r" + next++;
                ledger.appendRecords(List.of(new Ledger.RecordDraft("decision", ref, "P-1", "{}", "tester")));
                decisions.add(ref);
                model.computeIfAbsent("P-1 decision", k -> new ArrayList<>()).add(ref);
            }
            for (int p = 0; p < 40; p++) {
                for (String kind : List.of("decision", "notice")) {
                    String subject = "P-" + p;
                    assertThat(ledger.records(kind, subject)).as("seed %d, %s %s", SEED, subject, kind)
                            .allSatisfy(r -> assertThat(r.subject()).isEqualTo(subject))
                            .extracting(StoredRecord::ref)
                            .containsExactlyElementsOf(model.getOrDefault(subject + " " + kind, List.of()));
                }
            }
            assertThat(ledger.records("decision", "P-99")).isEmpty();
            for (String ref : decisions) {
                assertThat(ledger.record("decision", ref)).as("seed %d, %s", SEED, ref).get()
                        .extracting(StoredRecord::ref).isEqualTo(ref);
            }
            assertThat(ledger.record("decision", "r-none")).isEmpty();
            assertThat(ledger.verify().intact()).isTrue();
        } finally {
            ledger.close();
        }
        // Both ways of finding a record were taken: runs, and records after the last one.
        assertThat(runs("subject_runs")).as("seed %d", SEED).isBetween(1L, 12L);
        assertThat(RawStore.unindexed(dir)).as("seed %d", SEED).isPositive();
    }

    @Test
    void aRareKindsRecordsAreEachSubjectsBeforeAndAfterTheKindIsCommon() throws SQLException {
        SqliteLedger.subjectTail = 40; // the subject index in runs, as after many decisions
        Random random = new Random(SEED + 5);
        Map<String, List<String>> model = new HashMap<>(); // subject -> refs of the rare kind, in order
        int rare = 0;
        int checkedRare = 0;
        int checkedCommon = 0;
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            for (int group = 0; rare <= SqliteLedger.RARE_ROWS + 40; group++) {
                List<Ledger.RecordDraft> drafts = new ArrayList<>();
                for (int i = 0; i < 50; i++) { // the same subjects' decisions and notices around them
                    String kind = random.nextBoolean() ? "decision" : "notice";
                    drafts.add(new Ledger.RecordDraft(kind, kind + group + "-" + i, "P-" + random.nextInt(30), "{}",
                            "tester"));
                }
                for (int i = random.nextInt(12); i > 0; i--) {
                    String subject = "P-" + random.nextInt(30);
                    String ref = "x" + rare++;
                    drafts.add(new Ledger.RecordDraft("repair-decision", ref, subject, "{}", "tester"));
                    model.computeIfAbsent(subject, k -> new ArrayList<>()).add(ref);
                }
                ledger.appendRecords(drafts);
                for (int p = 0; p < 31; p++) {
                    String subject = "P-" + p;
                    assertThat(ledger.records("repair-decision", subject)).as("seed %d, %s", SEED, subject)
                            .allSatisfy(r -> assertThat(r.kind()).isEqualTo("repair-decision"))
                            .extracting(StoredRecord::ref)
                            .containsExactlyElementsOf(model.getOrDefault(subject, List.of()));
                }
                if (rare <= SqliteLedger.RARE_ROWS) {
                    checkedRare++;
                } else {
                    checkedCommon++;
                }
            }
        }
        assertThat(checkedRare).as("seed %d", SEED).isPositive();
        assertThat(checkedCommon).as("seed %d", SEED).isPositive();
        assertThat(runs("subject_runs")).as("seed %d", SEED).isPositive();
    }

    @Test
    void noMergeOfRecordRunsGrowsPastItsBound() throws SQLException {
        // A merge runs inside the journal's commit: subject and ref runs stop growing at 16,384
        // entries (decisions 019). Unbounded, 20 groups of 2,000 would leave runs of 32,000 and 8,000.
        int groups = 20;
        SqliteLedger.subjectTail = 1; // each group its run
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            for (int g = 0; g < groups; g++) {
                List<Ledger.RecordDraft> drafts = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    drafts.add(new Ledger.RecordDraft("decision", "d-" + g + "-" + i, "P-" + (i % 1_000), "{}", "t"));
                }
                ledger.appendRecords(drafts);
            }
            assertThat(ledger.records("decision", "P-7")).hasSize(2 * groups)
                    .allSatisfy(r -> assertThat(r.subject()).isEqualTo("P-7"));
            assertThat(ledger.record("decision", "d-3-1999")).isPresent();
            assertThat(ledger.verify().intact()).isTrue();
        }
        // The largest run is 8 groups (16 would pass 16,384): 16,000 twice, then 8,000.
        for (String table : List.of("subject_runs", "ref_runs")) {
            assertThat(RawStore.numbers(dir, "SELECT max(size), sum(size), count(*) FROM " + table)).as(table)
                    .containsExactly(16_000, groups * 2_000L, 3);
        }
    }

    private long runs() throws SQLException {
        return runs("key_runs");
    }

    private long runs(String table) throws SQLException {
        return RawStore.numbers(dir, "SELECT count(*) FROM " + table)[0];
    }

    @Test
    void aSubjectsRecordsReadBetweenWritesAreAlwaysCurrent() throws SQLException {
        // Lookups in the index are remembered by the index's mark (KeyIndex.Lookups): reads between
        // writes, by this writer or another process, must still see every record, old and new.
        SqliteLedger.subjectTail = 7;
        Random random = new Random(SEED + 6);
        TwoWriters writers = new TwoWriters();
        long mostRuns = 0; // merges may leave one run at the end: lookups over several were made on the way
        try (Ledger first = Ledgers.sqlite(dir, true, Clock.systemUTC());
                Ledger second = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            for (int group = 0; group < 80; group++) {
                writers.appendGroup(random, first, second, 5, 4);
                for (Ledger reader : List.of(first, second)) {
                    writers.assertRecords(reader, "P-" + random.nextInt(4), "after group " + group);
                }
                mostRuns = Math.max(mostRuns, runs("subject_runs"));
            }
        }
        assertThat(mostRuns).as("seed %d", SEED).isGreaterThan(1L);
    }

    @Test
    void recordsAnotherWriterAppendedAreIndexedWithThisWritersOwn() {
        // Each writer keeps what it committed for its next index step (decisions 020): another
        // writer's records in between must be read back, not left out of the run.
        SqliteLedger.subjectTail = 10;
        Random random = new Random(SEED + 5);
        TwoWriters writers = new TwoWriters();
        try (Ledger first = Ledgers.sqlite(dir, true, Clock.systemUTC());
                Ledger second = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            for (int group = 0; group < 60; group++) {
                writers.appendGroup(random, first, second, 6, 5);
            }
            for (Ledger reader : List.of(first, second)) {
                for (int p = 0; p < 5; p++) {
                    writers.assertRecords(reader, "P-" + p, "at the end");
                }
            }
            assertThat(first.verify().intact()).as("seed %d", SEED).isTrue();
        }
    }

    /** Groups of random records appended by either of two writers on one store, and each subject's records. */
    private static final class TwoWriters {
        private final Map<String, List<String>> model = new HashMap<>(); // subject and kind -> refs, in order
        private int next;

        void appendGroup(Random random, Ledger first, Ledger second, int maxSize, int subjects) {
            Ledger writer = random.nextInt(3) == 0 ? second : first;
            List<Ledger.RecordDraft> drafts = new ArrayList<>();
            for (int i = 1 + random.nextInt(maxSize); i > 0; i--) {
                String subject = "P-" + random.nextInt(subjects);
                String kind = random.nextBoolean() ? "decision" : "notice";
                String ref = "r" + next++;
                drafts.add(new Ledger.RecordDraft(kind, ref, subject, "{}", "tester"));
                model.computeIfAbsent(subject + " " + kind, k -> new ArrayList<>()).add(ref);
            }
            writer.appendRecords(drafts);
            if (random.nextBoolean()) {
                writer.indexBehind(); // as the journal does, in a transaction of its own
            }
        }

        void assertRecords(Ledger reader, String subject, String when) {
            for (String kind : List.of("decision", "notice")) {
                String key = subject + " " + kind;
                assertThat(reader.records(kind, subject)).as("seed %d, %s, %s", SEED, when, key)
                        .extracting(StoredRecord::ref).containsExactlyElementsOf(model.getOrDefault(key, List.of()));
            }
        }
    }
}
