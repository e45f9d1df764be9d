package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.peer.AttackSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credence peers compute|attack-sim}: peer standings, and the brigading harness. */
@Command(name = "peers", description = "Peer ratings.",
        subcommands = {PeersCommand.Compute.class, PeersCommand.AttackSim.class})
final class PeersCommand {

    @Command(name = "compute", description = "Aggregate revealed ratings and publish peer_standing events.")
    static final class Compute extends BaseCommand {
        @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
                description = "An RFC 3339 instant (default: now).")
        java.time.Instant at;

        @Override
        public Integer call() {
            try (io.credence.engine.Engine engine = open(false)) {
                int published = new io.credence.rating.RatingService(engine).compute(atOrNow(at));
                printJson(ResultJson.ordered("published", published));
                return Main.OK;
            }
        }
    }

    @Command(name = "attack-sim", description = "Pile-on, ballot stuffing and retaliation: plain mean against Credence.")
    static final class AttackSim extends BaseCommand {
        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Same seed, same result.")
        long seed;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            AttackSimulation.Report r = AttackSimulation.run(seed);
            if (json) {
                printJson(ResultJson.ordered(
                        "seed", r.seed(),
                        "pile_on", ResultJson.ordered("naive_shift", r.pileOnNaiveShift(), "credence_shift",
                                r.pileOnCredenceShift()),
                        "ballot_stuffing", ResultJson.ordered("sybil_aggregate", r.sybilAggregate(), "prior", r.prior()),
                        "retaliation", ResultJson.ordered("naive_shift", r.retaliationNaiveShift(), "credence_shift",
                                r.retaliationCredenceShift())));
            } else {
                out().printf("seed %d (shifts in stars)%n", r.seed());
                out().printf("pile-on:         plain mean moves %.3f, Credence moves %.3f%n", r.pileOnNaiveShift(),
                        r.pileOnCredenceShift());
                out().printf("ballot stuffing: sybils' aggregate %.3f against a prior of %.3f%n", r.sybilAggregate(),
                        r.prior());
                out().printf("retaliation:     plain mean moves %.3f, Credence moves %.3f%n", r.retaliationNaiveShift(),
                        r.retaliationCredenceShift());
            }
            return Main.OK;
        }
    }
}
