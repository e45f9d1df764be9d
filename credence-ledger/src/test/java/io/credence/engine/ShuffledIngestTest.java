package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results depend only on the set of events: the same generated population ingested in file order
 * into one store and shuffled, in several batches, with duplicates, into another gives identical
 * standings for everyone at several instants. Seeded; the seed is printed.
 */
class ShuffledIngestTest {
    private static final long SEED = Fixtures.seed("ShuffledIngestTest");

    @Test
    void anyArrivalOrderGivesTheSameStandings(@TempDir Path a, @TempDir Path b) {
        Random random = new Random(SEED);
        List<String> lines = IngestFixtures.generated(random.nextLong(), 300);

        try (Engine ordered = IngestFixtures.civicStore(a); Engine shuffled = IngestFixtures.civicStore(b)) {
            IngestReport once = ordered.ingest(lines.iterator(), done -> { });
            assertThat(once.rejected()).as("errors %s", once.errors()).isZero();

            List<String> noisy = new ArrayList<>(lines);
            for (int i = 0; i < lines.size() / 10; i++) {
                noisy.add(lines.get(random.nextInt(lines.size())));
            }
            Collections.shuffle(noisy, random);
            long accepted = 0;
            long duplicates = 0;
            int from = 0;
            while (from < noisy.size()) {
                int to = Math.min(noisy.size(), from + 1 + random.nextInt(noisy.size() / 3 + 1));
                IngestReport part = shuffled.ingest(noisy.subList(from, to).iterator(), done -> { });
                assertThat(part.rejected()).isZero();
                accepted += part.accepted();
                duplicates += part.duplicates();
                from = to;
            }
            assertThat(accepted).isEqualTo(once.accepted());
            assertThat(duplicates).isEqualTo(noisy.size() - lines.size());

            for (String at : List.of("2022-01-01T00:00:00Z", "2024-07-15T12:00:00Z", "2026-01-01T00:00:00Z")) {
                assertThat(IngestFixtures.scores(shuffled, at)).as("seed %d at %s", SEED, at)
                        .isEqualTo(IngestFixtures.scores(ordered, at));
            }
            assertThat(ordered.verify().intact()).isTrue();
            assertThat(shuffled.verify().intact()).isTrue();
        }
    }
}
