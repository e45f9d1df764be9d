package io.credence.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store of the previous format is brought to the current one when opened, its chain untouched. */
class StoreUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aFormat3StoreGetsTheIndexOfRecordsSubjects() throws SQLException {
        SqliteLedger.grouping = false; // decisions as rows, as before format 5
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.publishRulebook("r", 1, "name: r", "operator");
            List<Ledger.RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                drafts.add(new Ledger.RecordDraft("decision", "d-" + i, i % 7 == 0 ? null : "P-" + i % 3, "{}",
                        "provider"));
            }
            ledger.appendRecords(drafts);
        } finally {
            SqliteLedger.grouping = true;
        }
        // What format 3 had: the subjects in an index on (subject, kind), no subject runs.
        RawStore.execute(dir, "DROP TABLE subject_runs", "DROP TABLE subject_pages", "DROP TABLE record_groups",
                "DROP TABLE ref_runs", "DROP TABLE ref_pages",
                "CREATE INDEX records_subject ON records (subject, kind)", "DELETE FROM meta WHERE key = 'subjects_indexed'",
                "PRAGMA user_version = 3");

        try (Ledger ledger = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref)
                    .containsExactly("d-1", "d-4", "d-10", "d-13", "d-16", "d-19", "d-22", "d-25");
            assertThat(ledger.verify().intact()).isTrue();
            ledger.appendRecord("decision", "d-30", "P-1", "{}", "provider");
            assertThat(ledger.records("decision", "P-1")).hasSize(9);
        }
        assertThat(RawStore.numbers(dir, "PRAGMA user_version")).containsExactly(SqliteLedger.FORMAT);
        assertThat(RawStore.numbers(dir, "SELECT count(*) FROM sqlite_master WHERE name = 'records_subject'"))
                .containsExactly(0);
    }

    @Test
    void aFormat4StoreKeepsItsDecisionsAsRowsAndGroupsNewOnes() throws SQLException {
        SqliteLedger.grouping = false; // what format 4 wrote: a row per decision
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.appendRecords(List.of(new Ledger.RecordDraft("decision", "d-1", "P-1", "{}", "provider"),
                    new Ledger.RecordDraft("notice", "n-1", "P-1", "{}", "provider"),
                    new Ledger.RecordDraft("decision", "d-2", "P-2", "{}", "provider")));
        } finally {
            SqliteLedger.grouping = true;
        }
        RawStore.execute(dir, "DROP TABLE record_groups", "DROP TABLE ref_runs", "DROP TABLE ref_pages",
                "PRAGMA user_version = 4");
        try (Ledger ledger = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            ledger.appendRecords(List.of(new Ledger.RecordDraft("decision", "d-3", "P-1", "{}", "provider")));
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref).containsExactly("d-1", "d-3");
            assertThat(ledger.records("decision", null)).extracting(StoredRecord::ref).containsExactly("d-1", "d-2", "d-3");
            assertThat(ledger.record("decision", "d-2")).get().extracting(StoredRecord::seq).isEqualTo(3L);
            assertThat(ledger.record("decision", "d-3")).get().extracting(StoredRecord::seq).isEqualTo(4L);
            assertThat(ledger.verify().intact()).isTrue();
        }
        assertThat(RawStore.numbers(dir, "PRAGMA user_version")).containsExactly(SqliteLedger.FORMAT);
        assertThat(RawStore.numbers(dir, "SELECT count(*) FROM records WHERE kind = 'decision'")).containsExactly(2);
        assertThat(RawStore.numbers(dir, "SELECT count(*) FROM record_groups")).containsExactly(1);
    }

    @Test
    void decisionsAfterASeqComeInSeqOrderFromRowsAndGroupsUpToTheLimit() throws SQLException {
        // An upgraded store holds its old decisions as rows and its new ones in groups; a page of
        // them (recordsAfter) is the first `limit` of both past the seq, whichever holds them.
        List<Long> decisions = new ArrayList<>(); // seqs, in order
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            for (int batch = 0; batch < 8; batch++) {
                SqliteLedger.grouping = batch % 3 == 0; // rows, then groups, then rows again...
                try {
                    List<Ledger.RecordDraft> drafts = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        String kind = i % 3 == 2 ? "notice" : "decision";
                        drafts.add(new Ledger.RecordDraft(kind, kind + "-" + batch + "-" + i, "P-" + i, "{}", "p"));
                    }
                    ledger.appendRecords(drafts);
                } finally {
                    SqliteLedger.grouping = true;
                }
            }
            for (StoredRecord r : ledger.records("decision", null)) {
                decisions.add(r.seq());
            }
            assertThat(decisions).hasSize(32).isSorted();
            for (long after = 0; after <= decisions.get(decisions.size() - 1); after++) {
                for (int limit : new int[] {1, 3, 10, Integer.MAX_VALUE}) {
                    long from = after;
                    List<Long> expected = decisions.stream().filter(seq -> seq > from).limit(limit).toList();
                    assertThat(ledger.recordsAfter("decision", after, limit)).as("after %d, limit %d", after, limit)
                            .extracting(StoredRecord::seq).containsExactlyElementsOf(expected);
                }
            }
        }
        assertThat(RawStore.numbers(dir, "SELECT count(*) FROM records WHERE kind = 'decision'")).containsExactly(20);
    }

    @Test
    void aStoreWhoseRecordsWereAllIndexedWithTheirGroupsKeepsThemAndIndexesNewOnesLater() throws SQLException {
        SqliteLedger.subjectTail = 1; // every group indexed with it, as before decisions 018
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.appendRecords(List.of(new Ledger.RecordDraft("decision", "d-1", "P-1", "{}", "provider"),
                    new Ledger.RecordDraft("decision", "d-2", "P-2", "{}", "provider")));
        } finally {
            SqliteLedger.subjectTail = SqliteLedger.SUBJECT_TAIL;
        }
        RawStore.execute(dir, "DELETE FROM meta WHERE key = 'subjects_indexed'"); // what such a store has
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref).containsExactly("d-1");
            ledger.appendRecord("decision", "d-3", "P-1", "{}", "provider"); // after the indexed ones
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref).containsExactly("d-1", "d-3");
            assertThat(ledger.verify().intact()).isTrue();
        }
        assertThat(RawStore.numbers(dir, "SELECT value FROM meta WHERE key = 'subjects_indexed'")).containsExactly(2);
    }

    @Test
    void theRecordsAfterTheIndexedOnesAreReadByTheirSeqsNotThroughEveryRecordOfTheirKind() throws SQLException {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            List<Ledger.RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                drafts.add(new Ledger.RecordDraft("decision", "d-" + i, "P-" + i % 50, "{}", "provider"));
            }
            ledger.appendRecords(drafts);
        }
        // Left to itself (the store keeps no statistics) SQLite reads the (kind, ref) index: every
        // decision ever recorded.
        assertThat(RawStore.plan(dir, SqliteLedger.RECORDS_AFTER_INDEXED, 490, "P-7", "decision"))
                .contains("INTEGER PRIMARY KEY").doesNotContain("records_ref");
    }
}
