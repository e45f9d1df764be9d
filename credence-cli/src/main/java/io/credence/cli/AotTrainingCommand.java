package io.credence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code credence aot-training} (hidden): the run the launcher records once per build to write the
 * JVM's ahead-of-time cache (JDK 25, JEP 483 and 515). It runs the everyday commands in this one
 * process, as a user would, on a small generated population in a temporary store, and deletes it;
 * every later command then starts with Credence's classes loaded and linked and their profiles known.
 */
@Command(name = "aot-training", hidden = true, description = "Exercise the commands once, for the start-up cache.")
final class AotTrainingCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("credence-aot-training");
        try {
            Path rulebook = dir.resolve("civic-points.yaml");
            try (InputStream in = AotTrainingCommand.class.getClassLoader()
                    .getResourceAsStream("examples/civic-points.yaml")) {
                if (in == null) {
                    spec.commandLine().getErr().println("credence: aot-training: examples/civic-points.yaml "
                            + "is missing from the jar");
                    return Main.REFUSED;
                }
                Files.copy(in, rulebook);
            }
            Path candidate = dir.resolve("candidate.yaml"); // a next version, for simulate
            String yaml = Files.readString(rulebook);
            Files.writeString(candidate, yaml.replaceFirst("(?m)^version: *\\d+", "version: 999"));
            Path events = dir.resolve("events.jsonl");
            Path data = dir.resolve("data");
            String store = data.toString();
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(events))) {
                if (Main.execute(new String[] {"generate", "--subjects", "3000", "--seed", "1", "--json"}, file, sink)
                        != Main.OK) {
                    return Main.REFUSED;
                }
            }
            List<String[]> commands = List.of(
                    new String[] {"--data", store, "rulebook", "validate", rulebook.toString()},
                    new String[] {"--data", store, "rulebook", "publish", rulebook.toString()},
                    new String[] {"--data", store, "ingest", events.toString(), "--json"},
                    new String[] {"--data", store, "scores"},
                    new String[] {"--data", store, "score", "P-0000001", "--json"},
                    new String[] {"--data", store, "explain", "P-0000002"},
                    new String[] {"--data", store, "check", "P-0000003", "air-travel"},
                    new String[] {"--data", store, "simulate", candidate.toString(), "--json"},
                    new String[] {"--data", store, "verify"});
            // Each must succeed: a run that failed half-way is not one to record (the launcher then
            // keeps no cache, and every command starts as it would without one).
            for (String[] command : commands) {
                java.io.StringWriter problem = new java.io.StringWriter();
                if (Main.execute(command, sink, new PrintWriter(problem)) != Main.OK) {
                    spec.commandLine().getErr().println("credence: aot-training: '" + String.join(" ", command)
                            .replace(store, "DIR") + "' failed: " + problem.toString().trim());
                    return Main.REFUSED;
                }
            }
            return Main.OK;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
