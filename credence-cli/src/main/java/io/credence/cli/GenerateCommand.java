package io.credence.cli;

import io.credence.population.PopulationGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credence generate --subjects N --seed S}: a synthetic population as JSON Lines on stdout. */
@Command(name = "generate", description = "A synthetic population for examples/civic-points.yaml (JSON Lines).")
final class GenerateCommand extends BaseCommand {
    @Option(names = "--subjects", required = true, paramLabel = "N", description = "How many subjects.")
    long subjects;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Same seed, same output (default 1).")
    long seed;

    @Option(names = "--json", description = "No progress display.")
    boolean json;

    @Override
    public Integer call() {
        if (subjects < 0) {
            throw new Main.UsageException("--subjects must be zero or more; got " + subjects);
        }
        out().flush();
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (Output.Progress progress = new Output.Progress(err(), "generate (subjects)", subjects, json)) {
            new PopulationGenerator(seed).generate(subjects, line -> {
                try {
                    writer.append(line).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, progress::update);
            writer.flush();
        } catch (IOException | UncheckedIOException e) {
            // A closed pipe (| head) is not an error of ours.
            return Main.OK;
        }
        return Main.OK;
    }
}
