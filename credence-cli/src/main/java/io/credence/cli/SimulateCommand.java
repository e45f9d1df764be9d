package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.simulation.Simulation;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence simulate FILE [--at T] [--json]}: a candidate rulebook's effect, without publishing. */
@Command(name = "simulate", description = "The effect of a candidate rulebook on every subject, without publishing it.")
final class SimulateCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "The candidate rulebook (YAML), or - for stdin.")
    String file;

    @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
            description = "An RFC 3339 instant (default: now).")
    Instant at;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        String yaml = readFile(file);
        try (Engine engine = open(false)) {
            long subjects = engine.ledger().subjectCount();
            Simulation.Report report;
            try (Output.Progress progress = new Output.Progress(err(), "simulate", subjects, json)) {
                report = engine.simulate(yaml, atOrNow(at), progress::update);
            }
            if (json) {
                printJson(ResultJson.simulation(report));
            } else {
                print(report);
            }
            return Main.OK;
        }
    }

    private void print(Simulation.Report r) {
        var out = out();
        out.printf("Simulating %s v%d against the published %s v%d at %s, over %,d subjects.%n",
                r.candidate().name(), r.candidate().version(), r.published().name(), r.published().version(), r.at(),
                r.subjects());
        out.printf("Scores changed for %,d subjects.%n%n", r.scoresChanged());
        out.println("Subjects per tier:");
        out.printf("  %-10s %10s %10s %10s%n", "tier", "before", "after", "change");
        java.util.LinkedHashSet<String> tiers = new java.util.LinkedHashSet<>(r.tierOrderAfter());
        tiers.addAll(r.tierOrderBefore());
        for (String name : tiers) {
            long before = r.tiersBefore().getOrDefault(name, 0L);
            long after = r.tiersAfter().getOrDefault(name, 0L);
            out.printf("  %-10s %,10d %,10d %+,10d%n", name, before, after, after - before);
        }
        out.println();
        out.println("Tier transitions (rows: before, columns: after):");
        out.printf("  %-8s", "");
        for (String to : r.tierOrderAfter()) {
            out.printf(" %8s", to);
        }
        out.println();
        for (String from : r.tierOrderBefore()) {
            out.printf("  %-8s", from);
            Map<String, Long> row = r.transitions().getOrDefault(from, Map.of());
            for (String to : r.tierOrderAfter()) {
                out.printf(" %,8d", row.getOrDefault(to, 0L));
            }
            out.println();
        }
        out.println();
        out.println("Lists:");
        r.lists().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.printf(
                "  %-28s before %,d, after %,d, entering %,d, leaving %,d%n", e.getKey(), e.getValue().before(),
                e.getValue().after(), e.getValue().entering(), e.getValue().leaving()));
        out.println();
        out.println("Decisions that would flip:");
        r.domains().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.printf(
                "  %-28s %,d now denied, %,d now allowed%n", e.getKey(), e.getValue().nowDenied(),
                e.getValue().nowAllowed()));
        out.println();
        out.println("Largest score moves:");
        for (Simulation.ScoreMove m : r.largestMoves()) {
            out.printf("  %-16s %6d -> %6d (%+d), %s -> %s%n", m.subject(), m.before(), m.after(), m.delta(),
                    m.tierBefore(), m.tierAfter());
        }
    }
}
