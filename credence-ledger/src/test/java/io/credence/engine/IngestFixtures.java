package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.population.PopulationGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What the ingest tests share: a generated population, a store with the civic rulebook, everyone's scores. */
final class IngestFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private IngestFixtures() {}

    /** The generator's lines for {@code subjects} subjects. */
    static List<String> generated(long seed, int subjects) {
        List<String> lines = new ArrayList<>();
        new PopulationGenerator(seed).generate(subjects, line -> lines.add(line.toString()), n -> { });
        return lines;
    }

    /** A new store in {@code dir} with {@code examples/civic-points.yaml} published. */
    static Engine civicStore(Path dir) {
        Engine engine = Engine.open(dir, true, CLOCK);
        try {
            engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException(e);
        }
        return engine;
    }

    /** Every subject's standing at {@code at} as JSON lines, in subject order (more than 200 of them). */
    static List<String> scores(Engine engine, String at) {
        List<String> out = new ArrayList<>();
        engine.scores(Instant.parse(at), s -> out.add(Json.write(ResultJson.standing(s))));
        assertThat(out).hasSizeGreaterThan(200);
        return out;
    }
}
