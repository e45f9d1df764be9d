package io.credence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.event.EventKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden cases under {@code src/test/resources/golden/<case>/}: a rulebook, events, optional
 * retractions and a next rulebook, and the expected results, each computed by hand from the spec.
 * Each runs on a real SQLite store. Adding a case needs no Java.
 *
 * <p>expected.json: {@code {"ingest": {...}, "before_next": [query...], "queries": [query...]}}, where
 * a query is {@code {"score": S, "at": T, "expect": {...}}} or {@code {"check": S, "domain": D, "at": T,
 * "expect": {...}}}; every key of {@code expect} must equal the same key of the actual JSON.
 */
class GoldenCasesTest {
    private static final Path ROOT = Path.of("src", "test", "resources", "golden");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(12);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase(String name, @TempDir Path store) throws IOException {
        Path dir = ROOT.resolve(name);
        JsonNode expected = MAPPER.readTree(dir.resolve("expected.json").toFile());
        try (Engine engine = Engine.open(store, true, CLOCK)) {
            engine.publish(Files.readString(dir.resolve("rulebook.yaml")), "test");
            Iterator<String> lines = Files.readAllLines(dir.resolve("events.jsonl")).iterator();
            IngestReport report = engine.ingest(lines, done -> { });
            JsonNode ingest = expected.path("ingest");
            assertThat(report.accepted()).as("accepted").isEqualTo(ingest.path("accepted").asLong());
            assertThat(report.duplicates()).as("duplicates").isEqualTo(ingest.path("duplicates").asLong());
            assertThat(report.rejected()).as("rejected; errors %s", report.errors())
                    .isEqualTo(ingest.path("rejected").asLong());
            Path retractions = dir.resolve("retractions.jsonl");
            if (Files.exists(retractions)) {
                for (String line : Files.readAllLines(retractions)) {
                    Map<String, Object> r = Json.object(line);
                    engine.retract(new EventKey((String) r.get("source"), (String) r.get("id")),
                            (String) r.get("reason"), "test");
                }
            }
            run(engine, expected.path("before_next"));
            Path next = dir.resolve("rulebook-next.yaml");
            if (Files.exists(next)) {
                engine.publish(Files.readString(next), "test");
            }
            run(engine, expected.path("queries"));
            assertThat(engine.verify().intact()).isTrue();
        }
    }

    private static void run(Engine engine, JsonNode queries) throws IOException {
        for (JsonNode query : queries) {
            Instant at = Instant.parse(query.path("at").asText());
            Map<String, Object> actual = query.has("score")
                    ? ResultJson.standing(engine.standing(query.path("score").asText(), at))
                    : ResultJson.decision(engine.check(query.path("check").asText(), query.path("domain").asText(), at,
                            "test"), true);
            JsonNode actualTree = MAPPER.readTree(Json.write(actual));
            for (Map.Entry<String, JsonNode> entry : query.path("expect").properties()) {
                assertThat(actualTree.path(entry.getKey())).as("%s: %s in %s", query, entry.getKey(), actualTree)
                        .isEqualTo(entry.getValue());
            }
        }
    }
}
