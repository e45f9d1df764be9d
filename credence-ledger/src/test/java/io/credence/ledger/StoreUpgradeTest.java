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
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.publishRulebook("r", 1, "name: r", "operator");
            List<Ledger.RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                drafts.add(new Ledger.RecordDraft("decision", "d-" + i, i % 7 == 0 ? null : "P-" + i % 3, "{}",
                        "provider"));
            }
            ledger.appendRecords(drafts);
        }
        // What format 3 had: the subjects in an index on (subject, kind), no subject runs.
        RawStore.execute(dir, "DROP TABLE subject_runs", "DROP TABLE subject_pages",
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
