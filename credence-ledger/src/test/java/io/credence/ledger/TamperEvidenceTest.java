package io.credence.ledger;

import static io.credence.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.event.EventKey;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits the SQLite file behind the ledger's back; {@code verify} must name the first bad entry. */
class TamperEvidenceTest {
    @TempDir
    Path dir;

    @AfterEach
    void defaultTail() {
        SqliteLedger.subjectTail = SqliteLedger.SUBJECT_TAIL;
    }

    @BeforeEach
    void fill() {
        SqliteLedger.subjectTail = 1; // the record's subject goes into the index with its group
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            ledger.publishRulebook("r", 1, "name: r", "operator");                       // entry 1
            List<Event> events = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {                                                // entries 2-6
                events.add(event("court", "c" + i, "P-" + i, "fine", "2024-01-0" + i + "T00:00:00Z",
                        Map.of("amount", (long) i)));
            }
            ledger.append(events);
            ledger.retract(new EventKey("court", "c2"), "wrong person", "operator");    // entry 7
            ledger.appendRecord("decision", "d-1", "P-1", "{\"allowed\":true}", "provider"); // entry 8
            assertThat(ledger.verify().intact()).isTrue();
            assertThat(ledger.verify().entries()).isEqualTo(8);
        }
    }

    private void sql(String... statements) throws SQLException {
        RawStore.execute(dir, statements);
    }

    private Verification verify() {
        try (Ledger ledger = Ledgers.sqlite(dir, false, Clock.systemUTC())) {
            return ledger.verify();
        }
    }

    @Test
    void aChangedValueIsFound() throws SQLException {
        // The data of court/c3 ends in {"amount":3}, just before the entry's 32-byte hash; make it 9.
        sql("UPDATE events SET entries = substr(entries, 1, length(entries) - 34) || CAST('9}' AS BLOB)"
                + " || substr(entries, length(entries) - 31) WHERE seq = 4");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("entry 4").contains("court/c3").contains("does not match its hash");
    }

    @Test
    void aChangedSubjectOrReasonOrRulebookIsFound() throws SQLException {
        sql("UPDATE retractions SET reason = 'nothing' WHERE seq = 7");
        assertThat(verify().firstBadSeq()).isEqualTo(7);
        sql("UPDATE retractions SET reason = 'wrong person' WHERE seq = 7", "UPDATE rulebooks SET yaml = 'x' WHERE seq = 1");
        assertThat(verify().firstBadSeq()).isEqualTo(1);
    }

    @Test
    void aDeletedRowIsFound() throws SQLException {
        sql("DELETE FROM events WHERE seq = 3");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3 is missing");
    }

    @Test
    void swappedRowsAreFound() throws SQLException {
        sql("UPDATE events SET seq = 100 WHERE seq = 3", "UPDATE events SET seq = 3 WHERE seq = 5",
                "UPDATE events SET seq = 5 WHERE seq = 100");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3");
    }

    @Test
    void anInsertedRowIsFound() throws SQLException {
        // A forged row in the place of entry 4, the real one moved out of the way.
        sql("UPDATE events SET seq = 40 WHERE seq = 4",
                "INSERT INTO events (seq, subject, count, entries) SELECT 4, 'P-9', count, entries FROM events WHERE seq = 40");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4);
    }

    @Test
    void anEntryChangedInsideARowOfSeveralIsNamed() throws SQLException {
        try (Ledger ledger = Ledgers.sqlite(dir, false, Clock.systemUTC())) {             // entries 9-11
            ledger.append(List.of(
                    event("court", "m1", "P-7", "fine", "2024-02-01T00:00:00Z", Map.of("amount", 1L)),
                    event("court", "m2", "P-7", "fine", "2024-02-02T00:00:00Z", Map.of("amount", 2L)),
                    event("court", "m3", "P-7", "fine", "2024-02-03T00:00:00Z", Map.of("amount", 3L))));
            assertThat(ledger.verify().entries()).isEqualTo(11);
        }
        // One row holds all three; change the second's amount ({"amount":2} becomes {"amount":5}).
        sql("UPDATE events SET entries = unhex(replace(hex(entries), hex('{\"amount\":2}'), hex('{\"amount\":5}')))"
                + " WHERE seq = 9");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(10);
        assertThat(v.problem()).contains("entry 10").contains("court/m2");
    }

    @Test
    void aTruncatedRowIsFound() throws SQLException {
        sql("UPDATE events SET entries = substr(entries, 1, 20) WHERE seq = 5");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(5);
        assertThat(v.problem()).contains("entry 5");
    }

    @Test
    void aDamagedKeyIndexIsFound() throws SQLException {
        // The five keys are one run of one page: 16 bytes an entry, a fingerprint then a seq.
        sql("UPDATE key_pages SET entries = substr(entries, 1, 64)");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("index of event keys holds 4 keys for 5 events");
    }

    @Test
    void aKeyIndexPointingElsewhereIsFound() throws SQLException {
        // The last entry's seq (its last byte) made another one's: as many keys, but not the events'.
        sql("UPDATE key_pages SET entries = substr(entries, 1, 79) || x'63'");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("index of event keys does not match the events' keys");
    }

    @Test
    void aDamagedIndexOfRecordsSubjectsIsFound() throws SQLException {
        // The one record's entry, its subject's fingerprint then seq 8, made seq 7's: no longer P-1's.
        sql("UPDATE subject_pages SET entries = substr(entries, 1, 15) || x'07'");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("index of records' subjects does not match the records");
        sql("DELETE FROM subject_pages");
        assertThat(verify().problem()).contains("index of records' subjects holds 0 entries for 1 records");
    }

    @Test
    void aClaimThatTheIndexHoldsMoreRecordsThanItDoesIsFound() throws SQLException {
        try (Ledger ledger = Ledgers.sqlite(dir, true, Clock.systemUTC())) {
            SqliteLedger.subjectTail = SqliteLedger.SUBJECT_TAIL;
            ledger.appendRecord("decision", "d-2", "P-1", "{\"allowed\":false}", "provider"); // entry 9, not indexed
            assertThat(ledger.records("decision", "P-1")).extracting(StoredRecord::ref).containsExactly("d-1", "d-2");
        }
        assertThat(verify().intact()).isTrue();
        // Said to be indexed, entry 9 would be looked for in the index only, and not found there.
        sql("UPDATE meta SET value = '9' WHERE key = 'subjects_indexed'");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("index of records' subjects holds 1 entries for 2 records");
    }

    @Test
    void removingTheNewestEntriesIsFound() throws SQLException {
        sql("DELETE FROM record_groups WHERE seq = 8"); // the decision, kept in a group of its own
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("newest entries were removed");
    }

    @Test
    void aDecisionChangedInsideItsGroupIsFound() throws SQLException {
        sql("UPDATE record_groups SET entries = unhex(replace(hex(entries), hex('\"allowed\":true'),"
                + " hex('\"allowed\":fals'))) WHERE seq = 8");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(8);
        assertThat(v.problem()).contains("entry 8 (decision d-1) does not match its hash");
    }

    @Test
    void aGroupThatNoLongerDecodesOrLiesAboutItsRecordsIsFound() throws SQLException {
        sql("UPDATE record_groups SET last = 9 WHERE seq = 8"); // reads would look for entry 9 there
        assertThat(verify().problem()).contains("entry 8 (a group of records)");
        sql("UPDATE record_groups SET last = 8, entries = substr(entries, 1, 30) WHERE seq = 8");
        Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(8);
        assertThat(v.problem()).contains("a group of records");
    }

    @Test
    void aDamagedIndexOfDecisionIdsIsFound() throws SQLException {
        sql("UPDATE ref_pages SET entries = substr(entries, 1, 15) || x'07'"); // d-1 said to be entry 7
        assertThat(verify().problem()).contains("index of decisions' ids does not match the decisions");
        sql("DELETE FROM ref_pages");
        assertThat(verify().problem()).contains("index of decisions' ids holds 0 entries for 1 decisions");
    }
}
