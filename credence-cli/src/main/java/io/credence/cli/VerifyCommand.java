package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.ledger.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credence verify}: recompute the hash chain; exit 1 naming the first bad entry. */
@Command(name = "verify", description = "Check the ledger's integrity; exit 1 naming the first bad entry.")
final class VerifyCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            Verification v = engine.verify();
            if (json) {
                printJson(ResultJson.ordered("intact", v.intact(), "entries", v.entries(), "head", v.headHash(),
                        "first_bad_entry", v.firstBadSeq(), "problem", v.problem()));
            } else if (v.intact()) {
                out().println("ledger intact: " + v.entries() + " entries, head " + v.headHash());
            } else {
                out().println("ledger damaged: " + v.problem());
            }
            return v.intact() ? Main.OK : Main.REFUSED;
        }
    }
}
