package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.standing.Contribution;
import io.credence.standing.Standing;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence score SUBJECT [--at T] [--json]}. */
@Command(name = "score", description = "A subject's standing: score, tier, lists and what counts.")
final class ScoreCommand extends BaseCommand {
    @Parameters(paramLabel = "SUBJECT")
    String subject;

    @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
            description = "An RFC 3339 instant (default: now).")
    Instant at;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            Standing standing = engine.standing(subject, atOrNow(at));
            if (json) {
                printJson(ResultJson.standing(standing));
                return Main.OK;
            }
            out().printf("%s at %s under %s v%d%n", standing.subject(), standing.at(), standing.rulebook().name(),
                    standing.rulebook().version());
            out().printf("score %d, tier %s%n", standing.score(), standing.tier());
            out().println("lists: " + (standing.lists().isEmpty() ? "none" : String.join(", ", standing.lists())));
            if (!standing.contributions().isEmpty()) {
                out().println("contributions:");
                for (Contribution c : standing.contributions()) {
                    out().printf("  %+6d  %-28s %s  at %s, expires %s%n", c.points(), c.type(), c.event(), c.at(),
                            c.expires());
                }
            }
            return Main.OK;
        }
    }
}
