package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.engine.IngestReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
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
        BufferedReader reader;
        long size = -1;
        if (file.equals("-")) {
            reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        } else {
            try {
                size = Files.size(Path.of(file));
                reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new FileProblem("cannot read " + file + ": no such file");
            }
        }
        long bytes = size;
        try (reader; Engine engine = open(false);
                Output.Progress progress = new Output.Progress(err(), "ingest", -1, json)) {
            Iterator<String> lines = new Iterator<>() {
                String next = advance();

                private String advance() {
                    try {
                        return reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    String line = next;
                    next = advance();
                    return line;
                }
            };
            // With a notice period, a listing must reach the subject's inbox before it takes effect:
            // bring the inboxes of the subjects this ingest touched up to date (the server does this
            // in the background after every write).
            java.util.Set<String> touched = new java.util.HashSet<>();
            boolean notify = engine.requireRulebook().process().notice() != null;
            if (notify) {
                engine.onWrite(touched::addAll);
            }
            IngestReport report = engine.ingest(lines, progress::update);
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
