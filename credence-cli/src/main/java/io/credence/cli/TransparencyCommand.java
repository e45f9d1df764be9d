package io.credence.cli;

import io.credence.engine.Engine;
import io.credence.transparency.Transparency;
import picocli.CommandLine.Command;

/** {@code credence transparency}: the public monthly aggregates (JSON). */
@Command(name = "transparency", description = "Monthly aggregates of what Credence did; counts below 5 shown as <5.")
final class TransparencyCommand extends BaseCommand {
    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            printJson(Transparency.report(engine));
            return Main.OK;
        }
    }
}
