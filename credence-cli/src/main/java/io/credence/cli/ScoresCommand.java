package io.credence.cli;

import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credence scores [--at T]}: JSON Lines, one standing per known subject, sorted by subject. */
@Command(name = "scores", description = "Every known subject's standing as JSON Lines, sorted by subject.")
final class ScoresCommand extends BaseCommand {
    @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
            description = "An RFC 3339 instant (default: now).")
    Instant at;

    @Option(names = "--json", description = "Accepted for symmetry: the output is always JSON Lines.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        out().flush();
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (Engine engine = open(false)) {
            engine.scores(atOrNow(at), standing -> {
                try {
                    writer.write(Json.write(ResultJson.standing(standing)));
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            writer.flush();
        }
        return Main.OK;
    }
}
