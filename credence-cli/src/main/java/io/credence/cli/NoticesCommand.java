package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.notice.Notice;
import io.credence.notice.NoticeService;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence notices SUBJECT}: the subject's inbox, brought up to date first. */
@Command(name = "notices", description = "A subject's inbox (listings, tier changes, denials, outcomes).")
final class NoticesCommand extends BaseCommand {
    @Parameters(paramLabel = "SUBJECT")
    String subject;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            engine.history(subject);
            NoticeService notices = new NoticeService(engine);
            notices.refresh(subject);
            List<Notice> inbox = notices.inbox(subject);
            if (json) {
                printJson(ResultJson.ordered("subject", subject, "notices", inbox.stream().map(NoticeService::json)
                        .toList()));
            } else if (inbox.isEmpty()) {
                out().println("No notices for " + subject + ".");
            } else {
                for (Notice n : inbox) {
                    out().printf("%s  %-16s %s%n", n.at(), n.kind(), n.text());
                }
            }
            return Main.OK;
        }
    }
}
