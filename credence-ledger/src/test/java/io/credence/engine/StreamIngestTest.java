package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.testing.Fixtures;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest from a byte stream (the CLI's way: chunks of lines parsed on every core, batches chained
 * ahead of the writer) gives what ingest of the same lines one by one gives: the same report, line
 * numbers included, and the same standings. The input spans several chunks and three batches, with
 * every kind of line ending, blank lines, lines the scanner does not read, rejected lines, a line
 * longer than a chunk, and duplicates and conflicts in the first batch, so the batch prepared after
 * it must be chained again. Seeded; the seed is printed.
 */
class StreamIngestTest {
    private static final long SEED = Fixtures.seed("StreamIngestTest");

    @Test
    void aStreamIsIngestedAsItsLinesAre(@TempDir Path a, @TempDir Path b) throws IOException {
        Random random = new Random(SEED);
        List<String> generated = IngestFixtures.generated(random.nextLong(), 12_000);
        assertThat(generated.size()).isGreaterThan(2 * Engine.INGEST_BATCH + 1000);

        StringBuilder input = new StringBuilder();
        String[] endings = {"\n", "\r\n", "\r"};
        for (int i = 0; i < generated.size(); i++) {
            String line = generated.get(i);
            // Duplicates and conflicts in the first batch only: the next batches, prepared after the
            // first as if all of it were new, must each be chained again from the real head.
            int kind = random.nextInt(60);
            switch (i < 40_000 || kind < 3 ? kind : 99) {
                case 0 -> line = line.replace(",", ", "); // valid, not plain
                case 1 -> line = line.replace("\"id\":\"", "\"id\":\"bad id "); // rejected
                case 2 -> input.append("   ").append(endings[random.nextInt(3)]); // blank
                case 3 -> line = generated.get(random.nextInt(i + 1)); // a duplicate
                case 4 -> { // a conflict: an earlier key, other content
                    String earlier = generated.get(random.nextInt(i + 1));
                    line = earlier.replaceFirst("\"at\":\"\\d{4}", "\"at\":\"2019");
                }
                default -> { }
            }
            if (i == 60_000) {
                input.append("{\"id\":\"").append("x".repeat(1_500_000)).append("\"}\n"); // longer than a chunk
            }
            input.append(line).append(endings[random.nextInt(3)]);
        }
        input.append(generated.get(0).replace("\"id\":\"", "\"id\":\"last-")); // no line ending at the end
        String text = input.toString();

        try (Engine byLines = IngestFixtures.civicStore(a); Engine byStream = IngestFixtures.civicStore(b)) {
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            IngestReport expected = byLines.ingest(lines.iterator(), n -> { });
            List<Long> progress = new ArrayList<>();
            IngestReport actual = byStream.ingest(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    progress::add);

            assertThat(actual).as("seed %d", SEED).isEqualTo(expected);
            assertThat(expected.duplicates()).isPositive();
            assertThat(expected.errors()).anyMatch(e -> e.error().contains("recorded before with different content"));
            long giant = 1;
            while (!lines.get((int) giant - 1).startsWith("{\"id\":\"xxx")) {
                giant++;
            }
            long giantLine = giant;
            assertThat(expected.errors()).anyMatch(e -> e.line() == giantLine);
            assertThat(progress).isSorted().last().isEqualTo((long) lines.size());
            for (String at : List.of("2022-01-01T00:00:00Z", "2026-01-01T00:00:00Z")) {
                assertThat(IngestFixtures.scores(byStream, at)).as("seed %d at %s", SEED, at)
                        .isEqualTo(IngestFixtures.scores(byLines, at));
            }
            assertThat(byStream.verify().intact()).isTrue();
        }
    }
}
