package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.population.PopulationGenerator;
import io.credence.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void anyArrivalOrderGivesTheSameStandings(@TempDir Path a, @TempDir Path b) throws IOException {
        Random random = new Random(SEED);
        List<String> lines = new ArrayList<>();
        new PopulationGenerator(random.nextLong()).generate(300, line -> lines.add(line.toString()), done -> { });
        String rulebook = Files.readString(Path.of("..", "examples", "civic-points.yaml"));

        try (Engine ordered = Engine.open(a, true, CLOCK); Engine shuffled = Engine.open(b, true, CLOCK)) {
            ordered.publish(rulebook, "test");
            shuffled.publish(rulebook, "test");
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
                assertThat(scores(shuffled, at)).as("seed %d at %s", SEED, at).isEqualTo(scores(ordered, at));
            }
            assertThat(ordered.verify().intact()).isTrue();
            assertThat(shuffled.verify().intact()).isTrue();
        }
    }

    private static List<String> scores(Engine engine, String at) {
        List<String> out = new ArrayList<>();
        engine.scores(Instant.parse(at), s -> out.add(Json.write(ResultJson.standing(s))));
        assertThat(out).hasSizeGreaterThan(200);
        return out;
    }
}
