package io.credence.ledger;

import static io.credence.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.standing.SubjectHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anIdenticalEventIsADuplicateAndADifferentOneAConflict() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            Event e = event("court", "c1", "P-1", "fine", "2024-01-01T00:00:00Z", Map.of("case", "A"));
            assertThat(ledger.append(List.of(e)).accepted()).isEqualTo(1);
            Event changed = event("court", "c1", "P-1", "fine", "2024-01-01T00:00:00Z", Map.of("case", "B"));
            Event fresh = event("court", "c2", "P-1", "fine", "2024-01-02T00:00:00Z");
            AppendResult result = ledger.append(List.of(e, changed, fresh, fresh));
            assertThat(result.accepted()).isEqualTo(1);
            assertThat(result.duplicates()).isEqualTo(2);
            assertThat(result.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.index()).isEqualTo(1);
                assertThat(c.message()).contains("court/c1").contains("different content");
            });
            assertThat(ledger.eventCount()).isEqualTo(2);
            assertThat(ledger.event(new EventKey("court", "c1")).orElseThrow().data()).containsEntry("case", "A");
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void acknowledgedEventsSurviveReopening() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            ledger.append(List.of(event("court", "c1", "P-1", "fine", "2024-01-01T00:00:00Z")));
        }
        try (Ledger ledger = Ledgers.sqlite(dir, false, CLOCK)) {
            SubjectHistory h = ledger.history("P-1");
            assertThat(h.events()).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo("c1"));
            assertThat(h.recorded()).containsEntry(new EventKey("court", "c1"), CLOCK.instant());
            ledger.append(List.of(event("court", "c2", "P-1", "fine", "2024-01-02T00:00:00Z")));
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void aRetractionNeedsAnExistingEventAndHappensOnce() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            ledger.append(List.of(event("court", "c1", "P-1", "fine", "2024-01-01T00:00:00Z")));
            assertThatThrownBy(() -> ledger.retract(new EventKey("court", "nope"), "r", "op"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("court/nope");
            ledger.retract(new EventKey("court", "c1"), "wrong person", "op");
            assertThatThrownBy(() -> ledger.retract(new EventKey("court", "c1"), "again", "op"))
                    .isInstanceOf(InvalidStateException.class).hasMessageContaining("already retracted");
            SubjectHistory h = ledger.history("P-1");
            assertThat(h.retractions()).containsKey(new EventKey("court", "c1"));
            assertThat(h.events()).hasSize(1);
            assertThat(ledger.verify().entries()).isEqualTo(2);
        }
    }

    @Test
    void aSubjectsEventsOfOneBatchShareARowAndKeepTheirOwnEntries() throws java.sql.SQLException {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                events.add(event("court", "e" + i, "P-" + (i % 7), "fine", "2024-01-01T00:00:00Z", Map.of("n", (long) i)));
            }
            assertThat(ledger.append(events).accepted()).isEqualTo(300);
            assertThat(ledger.eventCount()).isEqualTo(300);
            assertThat(ledger.subjectCount()).isEqualTo(7);
            for (int i = 0; i < 300; i += 37) {
                Event stored = ledger.event(new EventKey("court", "e" + i)).orElseThrow();
                assertThat(stored.subject()).isEqualTo("P-" + (i % 7));
                assertThat(stored.data()).containsEntry("n", (long) i);
            }
            assertThat(ledger.history("P-3").events()).hasSize(43);
            assertThat(ledger.verify().entries()).isEqualTo(300);
        }
        assertThat(RawStore.numbers(dir, "SELECT count(*), sum(count) FROM events")).as("one row per subject")
                .containsExactly(7, 300);
    }

    @Test
    void historiesStreamInSubjectOrderWithEventsInKeyOrder() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            List<Event> events = new ArrayList<>();
            events.add(event("court", "z", "P-2", "fine", "2024-01-01T00:00:00Z"));
            events.add(event("court", "b", "P-1", "fine", "2024-01-03T00:00:00Z"));
            events.add(event("court", "a", "P-1", "fine", "2024-01-03T00:00:00Z"));
            events.add(event("bank", "c", "P-1", "fine", "2024-01-02T00:00:00Z"));
            ledger.append(events);
            List<String> order = new ArrayList<>();
            ledger.forEachHistory(false, h -> h.events().forEach(e -> order.add(h.subject() + ":" + e.id())));
            assertThat(order).containsExactly("P-1:c", "P-1:a", "P-1:b", "P-2:z");
            assertThat(ledger.subjectCount()).isEqualTo(2);
        }
    }

    @Test
    void recordsAreUniquePerKindAndRef() {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            ledger.appendRecord("notice", "n-1", "P-1", "{}", "op");
            assertThatThrownBy(() -> ledger.appendRecord("notice", "n-1", "P-1", "{}", "op"))
                    .isInstanceOf(InvalidStateException.class);
            assertThat(ledger.records("notice", "P-1")).hasSize(1);
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void concurrentRecordsShareCommitsAndAllArriveInTheChain() throws InterruptedException {
        try (Ledger ledger = Ledgers.sqlite(dir, true, CLOCK)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.List<java.util.concurrent.Future<StoredRecord>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String ref = "d-" + i;
                String kind = i % 2 == 0 ? "decision" : "notice"; // decisions kept in groups, notices as rows
                futures.add(pool.submit(() -> ledger.appendRecord(kind, ref,
                        "P-" + (ref.hashCode() % 7), "{}", "provider")));
            }
            futures.add(pool.submit(() -> ledger.appendRecord("notice", "d-7", "P-1", "{}", "again")));
            pool.shutdown();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            long failed = futures.stream().filter(f -> {
                try {
                    f.get();
                    return false;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(InvalidStateException.class);
                    return true;
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }).count();
            assertThat(failed).isEqualTo(1);
            assertThat(ledger.records("decision", null)).hasSize(200)
                    .allSatisfy(r -> assertThat(ledger.record("decision", r.ref())).contains(r));
            assertThat(ledger.records("notice", null)).hasSize(200);
            Verification v = ledger.verify();
            assertThat(v.intact()).isTrue();
            assertThat(v.entries()).isEqualTo(400);
        }
    }
}
