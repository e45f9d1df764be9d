package io.credence.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordJournalTest {
    @TempDir
    Path dir;

    private static Ledger.RecordDraft draft(String kind, String ref) {
        return new Ledger.RecordDraft(kind, ref, "P-1", "{\"ref\":\"" + ref + "\"}", "test");
    }

    @Test
    void committedRecordsAreDurableOnReturnAndAddedOnesAfterFlush() throws Exception {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal")) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        if (i % 10 == 0) {
                            String ref = "denial-" + thread + "-" + i;
                            List<StoredRecord> stored = journal.commit(List.of(draft("decision", ref),
                                    draft("notice", ref)));
                            // Durable on return: a reader sees both, and they were committed together.
                            assertThat(stored).extracting(StoredRecord::ref).containsExactly(ref, ref);
                            assertThat(ledger.record("decision", ref)).isPresent();
                            assertThat(ledger.record("notice", ref)).isPresent();
                        } else {
                            journal.add(draft("decision", "allowed-" + thread + "-" + i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            journal.flush();
            assertThat(ledger.records("decision", "P-1")).hasSize(8 * 250);
            assertThat(ledger.records("notice", "P-1")).hasSize(8 * 25);
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void aGroupNobodyWaitsForIsCommittedAndLeavesLaterWritesDurable() {
        try (SqliteLedger ledger = (SqliteLedger) Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.appendRecords(List.of(draft("decision", "allowed-1"), draft("decision", "allowed-2")), false);
            // Committed: another connection reads them.
            try (Ledger other = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
                assertThat(other.records("decision", "P-1")).extracting(StoredRecord::ref)
                        .containsExactly("allowed-1", "allowed-2");
            }
            // The level stays NORMAL between such groups, and every durable write sets FULL first.
            assertThat(ledger.writerSynchronous()).isEqualTo(1);
            ledger.appendRecords(List.of(draft("decision", "denied-1")), true);
            assertThat(ledger.writerSynchronous()).isEqualTo(2);
            ledger.appendRecords(List.of(draft("decision", "allowed-3")), false);
            ledger.append(List.of(new io.credence.event.Event("e-1", "court", "P-1", "fine",
                    java.time.Instant.parse("2025-01-01T00:00:00Z"), java.util.Map.of())));
            assertThat(ledger.writerSynchronous()).isEqualTo(2);
        }
    }

    @Test
    void theJournalCommitsAllowancesWithoutAnFsyncAndADenialWithOne() {
        try (SqliteLedger ledger = (SqliteLedger) Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal")) {
            for (int i = 0; i < 50; i++) {
                journal.add(draft("decision", "allowed-" + i));
            }
            journal.flush();
            long unsynced = ledger.unsyncedCommits();
            assertThat(unsynced).as("groups of allowances committed without fsync").isPositive();
            journal.commit(List.of(draft("decision", "denied-1"), draft("notice", "notice-1")));
            assertThat(ledger.unsyncedCommits()).as("the denial's group was synced").isEqualTo(unsynced);
            assertThat(ledger.record("decision", "denied-1")).isPresent();
        }
    }

    @Test
    void closeDrainsWhatIsQueued() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            RecordJournal journal = new RecordJournal(ledger, "test-journal");
            for (int i = 0; i < 3_000; i++) {
                journal.add(draft("inquiry", "q-" + i));
            }
            journal.close();
            assertThat(ledger.records("inquiry", "P-1")).hasSize(3_000);
        }
    }

    @Test
    void aRefusedRecordIsLeftOutAndTheRestOfTheGroupStored() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal")) {
            journal.commit(List.of(draft("notice", "n-1")));
            List<StoredRecord> stored = journal.commit(List.of(draft("notice", "n-1"), draft("decision", "d-2")));
            assertThat(stored).extracting(StoredRecord::ref).containsExactly("d-2");
        }
    }

    @Test
    void aGroupTheStoreRefusesIsNotStoredAndThoseWaitingLearnOfIt() throws Exception {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal")) {
            journal.commit(List.of(draft("decision", "before")));
            // Not a key taken twice (that refuses the one record): a failure of the whole group.
            RawStore.execute(dir, "CREATE TRIGGER refuse BEFORE INSERT ON records WHEN NEW.kind = 'notice'"
                    + " BEGIN SELECT RAISE(ABORT, 'the disk said no'); END");
            var failed = journal.commitAsync(List.of(draft("decision", "denied"), draft("notice", "denied")));
            assertThat(failed).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOf(StoreUnavailableException.class);
            RawStore.execute(dir, "DROP TRIGGER refuse");
            assertThat(ledger.record("decision", "denied")).isEmpty();
            // The chain goes on from the last stored record.
            assertThat(journal.commit(List.of(draft("decision", "after"), draft("notice", "after"))))
                    .extracting(StoredRecord::ref).containsExactly("after", "after");
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref)
                    .containsExactly("before", "after");
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void commitsStartAPaceApartAndTheFirstAfterAQuietSpellAtOnce() {
        long pace = TimeUnit.SECONDS.toNanos(1);
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal", pace)) {
            // Nothing was committed for a pace: this commit does not wait for one.
            long first = System.nanoTime();
            journal.commit(List.of(draft("decision", "d-1")));
            assertThat(System.nanoTime() - first).isLessThan(pace);
            // The next one starts no sooner than a pace after the first: callers meanwhile share it.
            journal.add(draft("decision", "d-2"));
            List<StoredRecord> stored = journal.commit(List.of(draft("decision", "d-3")));
            assertThat(System.nanoTime() - first).isGreaterThanOrEqualTo(pace);
            assertThat(stored).extracting(StoredRecord::ref).containsExactly("d-3");
            assertThat(journal.commits()).isEqualTo(2);
        }
    }

    @Test
    void theWalIsStartedOverUnderASteadyStreamOfCommits() throws Exception {
        // Without the checkpointer's help SQLite never starts the WAL over while commits keep coming:
        // this stream (about 200 MB of pages) would leave a WAL of that size. With it, the WAL grows
        // past the limit only by what is written while a pass runs (tens of MB here, on a busy machine).
        long limit = SqliteLedger.walRestartFrames;
        SqliteLedger.walRestartFrames = 2_048; // 8 MiB
        Path wal = dir.resolve("ledger.db-wal");
        long largest = 0;
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC());
                RecordJournal journal = new RecordJournal(ledger, "test-journal")) {
            String body = "{\"pad\":\"" + "x".repeat(8_000) + "\"}";
            for (int i = 0; i < 24_000; i++) {
                journal.add(new Ledger.RecordDraft("decision", "d-" + i, "P-" + (i * 7919 % 10_007), body, "test"));
                if (i % 200 == 0 && java.nio.file.Files.exists(wal)) {
                    largest = Math.max(largest, java.nio.file.Files.size(wal));
                }
            }
            journal.flush();
            assertThat(ledger.records("decision", "P-1")).isNotEmpty();
        } finally {
            SqliteLedger.walRestartFrames = limit;
        }
        assertThat(largest).as("largest WAL seen, bytes").isLessThan(128L << 20);
    }

    @Test
    void theJournalIndexesBehindItsCommitsAndReadersFindEveryRecord() throws Exception {
        SqliteLedger.subjectTail = 40;
        try {
            SqliteLedger ledger = (SqliteLedger) Ledgers.sqlite(dir, true, Clock.systemUTC());
            try (ledger) {
                try (RecordJournal journal = new RecordJournal(ledger, "test-journal", 0)) {
                    for (int group = 0; group < 30; group++) {
                        List<Ledger.RecordDraft> drafts = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            drafts.add(new Ledger.RecordDraft(i % 3 == 0 ? "notice" : "decision", "r-" + group + "-" + i,
                                    "P-" + (i % 5), "{}", "test"));
                        }
                        journal.commit(drafts);
                        // A commit indexes only once twice the tail is due: the journal's own step,
                        // after the callers have their answers, keeps it below that.
                        assertThat(RawStore.unindexed(dir)).as("group %d", group).isLessThan(2 * 40);
                    }
                }
                // Closed: the writer's last step is done. Steps of their own, and at most a tail left.
                assertThat(ledger.indexStepsBehind).isGreaterThanOrEqualTo(6);
                assertThat(RawStore.unindexed(dir)).isLessThan(40);
                for (int p = 0; p < 5; p++) {
                    int subject = p;
                    long expected = java.util.stream.IntStream.range(0, 10).filter(i -> i % 5 == subject && i % 3 != 0)
                            .count() * 30;
                    assertThat(ledger.records("decision", "P-" + p)).hasSize((int) expected)
                            .allSatisfy(r -> assertThat(r.subject()).isEqualTo("P-" + subject));
                }
                assertThat(ledger.record("notice", "r-17-3")).isPresent();
                assertThat(ledger.verify().intact()).isTrue();
            }
        } finally {
            SqliteLedger.subjectTail = SqliteLedger.SUBJECT_TAIL;
        }
    }
}
