package io.credence.cli;

import io.credence.Problem;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.ledger.PublishedRulebook;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence rulebook validate|publish|show|history}. */
@Command(name = "rulebook", description = "Validate, publish and show rulebooks.",
        subcommands = {RulebookCommand.Validate.class, RulebookCommand.Publish.class, RulebookCommand.Show.class,
            RulebookCommand.History.class})
final class RulebookCommand {

    static List<Map<String, Object>> problems(List<Problem> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Problem p : problems) {
            out.add(ResultJson.ordered("path", p.path(), "message", p.message()));
        }
        return out;
    }

    static int report(BaseCommand command, RulebookValidation validation, boolean json, String success) {
        if (json) {
            command.printJson(ResultJson.ordered("valid", validation.valid(),
                    "rulebook", validation.valid() ? ResultJson.ordered("name", validation.rulebook().name(),
                            "version", validation.rulebook().version()) : null,
                    "problems", problems(validation.problems()), "warnings", problems(validation.warnings())));
        } else {
            for (Problem p : validation.problems()) {
                command.out().println(p);
            }
            for (Problem p : validation.warnings()) {
                command.err().println("warning: " + p);
            }
            if (validation.valid()) {
                command.out().println(success);
            }
        }
        return validation.valid() ? Main.OK : Main.REFUSED;
    }

    @Command(name = "validate", description = "Check a rulebook; exit 1 with one 'path: message' line per problem.")
    static final class Validate extends BaseCommand {
        @Parameters(paramLabel = "FILE", description = "The rulebook (YAML), or - for stdin.")
        String file;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            String yaml = readFile(file);
            RulebookValidation validation;
            java.nio.file.Path store = root().dataDirectory().resolve("ledger.db");
            if (java.nio.file.Files.exists(store)) {
                try (Engine engine = open(false)) {
                    validation = engine.validate(yaml);
                }
            } else {
                validation = io.credence.codec.RulebookCodec.compile(yaml, null);
            }
            String ok = validation.valid() ? "valid: " + validation.rulebook() : "";
            return report(this, validation, json, ok);
        }
    }

    @Command(name = "publish", description = "Validate, then publish a rulebook (recorded in the ledger).")
    static final class Publish extends BaseCommand {
        @Parameters(paramLabel = "FILE", description = "The rulebook (YAML), or - for stdin.")
        String file;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            String yaml = readFile(file);
            try (Engine engine = open(true)) {
                RulebookValidation validation = engine.validate(yaml);
                if (!validation.valid()) {
                    return report(this, validation, json, "");
                }
                Rulebook rulebook = engine.publish(yaml, "operator:cli");
                return report(this, validation, json, "published " + rulebook);
            }
        }
    }

    @Command(name = "show", description = "Print the published rulebook.")
    static final class Show extends BaseCommand {
        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                out().print(engine.requireRulebook().source());
                return Main.OK;
            }
        }
    }

    @Command(name = "history", description = "List every published version.")
    static final class History extends BaseCommand {
        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                for (PublishedRulebook p : engine.ledger().rulebooks()) {
                    out().println(p.name() + " v" + p.version() + "  published " + p.recorded() + " by " + p.actor());
                }
                return Main.OK;
            }
        }
    }
}
