package io.credence.standing;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubjectHistoryTest {
    private static final long SEED = Fixtures.seed("SubjectHistoryTest");

    @Test
    void eventsComeInKeyOrderWhateverOrderTheyWereGivenIn() {
        Random random = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            // Sizes on both sides of the insertion-sort runs; few distinct instants, so that many
            // events tie on the instant and are ordered by source, then id.
            int n = random.nextInt(400);
            List<Event> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(1 + n / 3) * 60L)
                        .plusNanos(random.nextInt(3));
                events.add(new Event("e" + random.nextInt(1_000_000), "s" + random.nextInt(3), "P-1", "t", at,
                        Map.of()));
            }
            List<Event> expected = new ArrayList<>(events);
            expected.sort(Event.ORDER);
            switch (round % 3) {
                case 0 -> Collections.shuffle(events, random);
                case 1 -> events.sort(Event.ORDER.reversed());
                default -> events.sort(Event.ORDER);
            }
            SubjectHistory history = SubjectHistory.of("P-1", events);
            assertThat(history.events()).as("seed %d round %d, %d events", SEED, round, n)
                    .containsExactlyElementsOf(expected);
            long[] at = history.atNanos();
            for (int i = 0; i < n; i++) {
                assertThat(at[i]).isEqualTo(io.credence.time.Instants.toNanos(expected.get(i).at()));
            }
        }
    }
}
