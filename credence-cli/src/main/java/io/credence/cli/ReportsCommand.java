package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.report.Report;
import io.credence.report.ReportService;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence reports list|decide}: the reviewers' work on public reports, from the command line. */
@Command(name = "reports", description = "List and decide reports filed by the public.",
        subcommands = {ReportsCommand.File.class, ReportsCommand.ListReports.class, ReportsCommand.Decide.class})
final class ReportsCommand {

    static void print(BaseCommand command, List<Report> reports, boolean json) {
        if (json) {
            command.printJson(ResultJson.ordered("reports", reports.stream().map(r -> ReportService.json(r, true))
                    .toList()));
            return;
        }
        for (Report r : reports) {
            command.out().printf("%s  %-8s %s reports %s for %s at %s: \"%s\"%n", r.id(),
                    r.status().name().toLowerCase(Locale.ROOT), r.reporter(), r.subject(), r.type(), r.at(),
                    r.description());
        }
    }

    @Command(name = "file", description = "File a report on a reporter's behalf; it counts only once accepted.")
    static final class File extends BaseCommand {
        @Parameters(index = "0", paramLabel = "REPORTER")
        String reporter;

        @Parameters(index = "1", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "2", paramLabel = "TYPE")
        String type;

        @Option(names = "--at", required = true, paramLabel = "T", description = "When it happened (RFC 3339).")
        String at;

        @Option(names = "--description", required = true, paramLabel = "TEXT")
        String description;

        @Option(names = "--evidence", paramLabel = "TEXT")
        String evidence;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new ReportService(engine).file(reporter, subject, type, at, description, evidence)),
                        json);
                return Main.OK;
            }
        }
    }

    @Command(name = "list", description = "Reports, oldest first.")
    static final class ListReports extends BaseCommand {
        @Option(names = "--status", paramLabel = "S", description = "pending, accepted or rejected (default all).")
        String status;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            Report.Status wanted = status(Report.Status.class, status);
            try (Engine engine = open(false)) {
                print(this, new ReportService(engine).list(wanted), json);
                return Main.OK;
            }
        }
    }

    @Command(name = "decide", description = "Accept (records the event) or reject a report.")
    static final class Decide extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ReviewerDecision decision;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new ReportService(engine).decide(id, decision.outcome, decision.reason,
                        decision.by)), json);
                return Main.OK;
            }
        }
    }
}
