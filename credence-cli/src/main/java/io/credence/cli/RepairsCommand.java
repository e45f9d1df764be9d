package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.repair.RepairService;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence repairs request|list|decide}: credit repair from the command line (JSON output). */
@Command(name = "repairs", description = "Repair of old records: request, list, approve or reject.",
        subcommands = {RepairsCommand.Request.class, RepairsCommand.ListRepairs.class, RepairsCommand.Decide.class})
final class RepairsCommand {

    @Command(name = "request", description = "Ask, for a subject, that an old record stop counting.")
    static final class Request extends BaseCommand {
        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "2", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                printJson(new RepairService(engine).request(subject, new EventKey(source, id)));
                return Main.OK;
            }
        }
    }

    @Command(name = "list", description = "Repair requests.")
    static final class ListRepairs extends BaseCommand {
        @Option(names = "--status", paramLabel = "S", description = "pending, approved or rejected (default all).")
        String status;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                printJson(ResultJson.ordered("repairs", new RepairService(engine).list(status)));
                return Main.OK;
            }
        }
    }

    @Command(name = "decide", description = "Approve (the record stops counting now) or reject.")
    static final class Decide extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ReviewerDecision decision;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                printJson(List.of(new RepairService(engine).decide(id, decision.outcome, decision.reason,
                        decision.by)));
                return Main.OK;
            }
        }
    }
}
