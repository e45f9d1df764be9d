package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence retract SOURCE ID --reason TEXT}. */
@Command(name = "retract", description = "Retract an event: from now on it counts as if never recorded.")
final class RetractCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept in the ledger).")
    String reason;

    @Option(names = "--by", paramLabel = "WHO", description = "Who retracts (default: operator:cli).")
    String by = "operator:cli";

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            Retraction r = engine.retract(new EventKey(source, id), reason, by);
            if (json) {
                printJson(ResultJson.ordered("event", ResultJson.key(r.event()), "reason", r.reason(), "by", r.by(),
                        "recorded", r.recorded().toString()));
            } else {
                out().println("retracted " + r.event() + ": " + r.reason());
            }
            return Main.OK;
        }
    }
}
