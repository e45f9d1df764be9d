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
                "CREATE INDEX records_subject ON records (subject, kind)", "PRAGMA user_version = 3");

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

}
