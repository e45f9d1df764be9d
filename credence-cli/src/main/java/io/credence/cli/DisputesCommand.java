package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.dispute.Dispute;
import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence disputes open|list|resolve|expire}: due process from the command line. */
@Command(name = "disputes", description = "File, list, resolve and expire disputes.",
        subcommands = {DisputesCommand.Open.class, DisputesCommand.ListDisputes.class, DisputesCommand.Resolve.class,
            DisputesCommand.Expire.class})
final class DisputesCommand {

    static void print(BaseCommand command, List<Dispute> disputes, boolean json) {
        if (json) {
            command.printJson(ResultJson.ordered("disputes", disputes.stream().map(DisputeService::json).toList()));
            return;
        }
        for (Dispute d : disputes) {
            command.out().printf("%s  %-9s %s %s  opened %s%s%n  \"%s\"%s%n", d.id(),
                    d.status().name().toLowerCase(Locale.ROOT), d.subject(), d.event(), d.opened(),
                    d.deadline() == null ? "" : ", deadline " + d.deadline(), d.statement(),
                    d.resolution() == null ? "" : "\n  " + d.resolution().by() + ": " + d.resolution().reason());
        }
    }

    @Command(name = "open", description = "File a dispute on a subject's behalf.")
    static final class Open extends BaseCommand {
        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "2", paramLabel = "ID")
        String id;

        @Option(names = "--statement", required = true, paramLabel = "TEXT", description = "What is wrong with the record.")
        String statement;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new DisputeService(engine).open(subject, new EventKey(source, id), statement)), json);
                return Main.OK;
            }
        }
    }

    @Command(name = "list", description = "Disputes, nearest deadline first.")
    static final class ListDisputes extends BaseCommand {
        @Option(names = "--status", paramLabel = "S", description = "open, upheld, overturned or expired (default all).")
        String status;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            Dispute.Status wanted = status(Dispute.Status.class, status);
            try (Engine engine = open(false)) {
                print(this, new DisputeService(engine).list(wanted), json);
                return Main.OK;
            }
        }
    }

    @Command(name = "resolve", description = "Resolve a dispute; overturned retracts the event.")
    static final class Resolve extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ReviewerDecision decision;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new DisputeService(engine).resolve(id, decision.outcome, decision.reason,
                        decision.by)), json);
                return Main.OK;
            }
        }
    }

    @Command(name = "expire", description = "Expire open disputes past their deadline (retracting their events).")
    static final class Expire extends BaseCommand {
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, new DisputeService(engine).expireDue(), json);
                return Main.OK;
            }
        }
    }
}
