package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import java.io.PrintWriter;
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
    public Integer call() {
        PrintWriter out = out();
        try (Engine engine = open(false)) {
            // Lines are formatted on the evaluating thread; this one only reads the ledger and writes.
            engine.scores(atOrNow(at), ResultJson::standingText, line -> {
                out.write(line);
                out.write('\n');
            });
        }
        out.flush();
        return Main.OK;
    }
}
