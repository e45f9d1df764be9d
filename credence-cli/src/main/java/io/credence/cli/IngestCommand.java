package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.engine.IngestReport;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence ingest FILE}: JSON Lines in, the spec's summary out. */
@Command(name = "ingest", description = "Ingest events (JSON Lines); exit 1 if any line was rejected.")
final class IngestCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "JSON Lines, or - for stdin.")
    String file;

    @Option(names = "--json", description = "Accepted for symmetry: the summary is always one JSON document.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        InputStream input;
        long size = -1;
        if (file.equals("-")) {
            input = System.in;
        } else {
            try {
                size = Files.size(Path.of(file));
                input = Files.newInputStream(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new FileProblem("cannot read " + file + ": no such file");
            }
        }
        long bytes = size;
        try (input; Engine engine = open(false);
                Output.Progress progress = new Output.Progress(err(), "ingest", -1, json)) {
            // With a notice period, a listing must reach the subject's inbox before it takes effect:
            // bring the inboxes of the subjects this ingest touched up to date (the server does this
            // in the background after every write).
            // (The rulebook is asked on the writing thread: by then it is compiled, events being admitted by it.)
            java.util.Set<String> touched = java.util.Collections.synchronizedSet(new java.util.HashSet<>());
            engine.onWrite(subjects -> {
                if (engine.requireRulebook().process().notice() != null) {
                    touched.addAll(subjects);
                }
            });
            IngestReport report = engine.ingest(input, progress::update);
            io.credence.notice.NoticeService notices = new io.credence.notice.NoticeService(engine);
            for (String subject : touched) {
                notices.refresh(subject);
            }
            List<Map<String, Object>> errors = new ArrayList<>();
            for (IngestReport.LineError e : report.errors()) {
                errors.add(ResultJson.ordered("line", e.line(), "error", e.error()));
            }
            printJson(ResultJson.ordered("accepted", report.accepted(), "duplicates", report.duplicates(),
                    "rejected", report.rejected(), "errors", errors));
            return report.rejected() > 0 ? Main.REFUSED : Main.OK;
        } catch (UncheckedIOException e) {
            throw new FileProblem("cannot read " + file + " (" + bytes + " bytes): " + e.getCause().getMessage());
        }
    }
}
