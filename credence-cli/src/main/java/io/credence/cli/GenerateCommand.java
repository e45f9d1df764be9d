package io.credence.cli;

import io.credence.population.PopulationGenerator;
import java.io.PrintWriter;
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
        PrintWriter out = out();
        try (Output.Progress progress = new Output.Progress(err(), "generate (subjects)", subjects, json)) {
            new PopulationGenerator(seed).generate(subjects, line -> out.append(line).append('\n'), done -> {
                progress.update(done);
                if (out.checkError()) {
                    // A closed pipe (| head): stop quietly, it is not an error of ours.
                    throw new ClosedOutput();
                }
            });
        } catch (ClosedOutput closed) {
            return Main.OK;
        }
        out.flush();
        return Main.OK;
    }

    /** The reader of our output went away. */
    private static final class ClosedOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClosedOutput() {
            super(null, null, false, false);
        }
    }
}
