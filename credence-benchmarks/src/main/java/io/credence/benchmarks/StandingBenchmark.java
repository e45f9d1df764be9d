package io.credence.benchmarks;

import io.credence.codec.RulebookCodec;
import io.credence.decision.DecisionEvaluator;
import io.credence.engine.ServingState;
import io.credence.event.Event;
import io.credence.rulebook.Rulebook;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one standing, and of one decision from it, under {@code examples/civic-points.yaml}.
 *
 * <p>{@code constantStanding}: a subject with 50 events of constant-point types (traffic tickets,
 * contract breaches, arrears, donations...) spread over three years, some capped, some expired, with
 * the history already loaded and sorted, as the engine holds it after reading the ledger. Target:
 * under 2 microseconds. {@code coldConstantStanding} is the same from a history seen for the first time
 * (sorting and preparation included). {@code mixedStanding} adds CEL-scored volunteering and a listing.
 * {@code decision}: one decision for a subject whose current standing is kept, as the server holds
 * it ({@link ServingState}: a map lookup, the kept span checked, the shared outcome of that standing's
 * shape copied into a new decision). {@code evaluatedDecision}: the same decision evaluated from the
 * standing through the domain's CEL rules, as a decision that misses the kept standings does.
 * Recording the decision in the ledger is not included in either (the HTTP benchmark includes it).
 *
 * <p>Run: {@code ./credence-benchmarks/run StandingBenchmark} (builds the module, runs JMH).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow"})
public class StandingBenchmark {
    private static final String[][] CONSTANT = {
        {"traffic_ticket", "traffic-police"}, {"contract_breach", "bank"}, {"bank_arrears_month", "bank"},
        {"blood_donation", "blood-bank"}, {"court_breach_finding", "court"}, {"heroic_act", "community-office"},
        {"fraud_or_counterfeit", "market-regulator"}};

    @Param({"50"})
    int events;

    Rulebook rulebook;
    List<Event> constantEvents;
    SubjectHistory constant;
    SubjectHistory mixed;
    Standing standing;
    Instant at;
    ServingState serving;
    String[] subjects;
    int next;

    @Setup
    public void setUp() throws IOException {
        Path file = Path.of(System.getProperty("credence.examples", "examples"), "civic-points.yaml");
        rulebook = RulebookCodec.compile(Files.readString(file), null).orThrow();
        at = Instant.parse("2026-01-01T00:00:00Z");
        SplittableRandom random = new SplittableRandom(42);
        List<Event> plain = new ArrayList<>();
        List<Event> withCel = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String[] type = CONSTANT[random.nextInt(CONSTANT.length)];
            Instant when = at.minusSeconds(random.nextLong(3L * 365 * 86_400));
            plain.add(new Event("e" + i, type[1], "P-1", type[0], when, Map.of()));
            if (i % 5 == 0) {
                withCel.add(new Event("v" + i, "community-office", "P-1", "volunteer_service", when,
                        Map.of("hours", 3.0)));
            } else if (i == 7) {
                withCel.add(new Event("j" + i, "court", "P-1", "judgment_unfulfilled", at.minusSeconds(86_400 * 30),
                        Map.of("case", "K1")));
            } else {
                withCel.add(plain.get(i));
            }
        }
        constantEvents = List.copyOf(plain);
        constant = SubjectHistory.of("P-1", plain);
        mixed = SubjectHistory.of("P-1", withCel);
        standing = StandingEvaluator.standing(rulebook, mixed, at);
        // A population's worth of kept standings, so the lookup is not into a map of one.
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        serving = new ServingState(() -> rulebook, subject -> SubjectHistory.of(subject, relabel(withCel, subject)),
                clock);
        subjects = new String[1 << 16];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = String.format("P-%07d", i);
        }
        for (int i = 0; i < 100_000; i++) {
            String subject = String.format("P-%07d", i);
            serving.decide(subject, "air-travel", at, "d-warm");
        }
        if (serving.size() != 100_000) {
            throw new IllegalStateException("standings were not kept: " + serving.size());
        }
    }

    private static List<Event> relabel(List<Event> events, String subject) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(new Event(e.id(), e.source(), subject, e.type(), e.at(), e.data()));
        }
        return out;
    }

    @Benchmark
    public Standing constantStanding() {
        return StandingEvaluator.standing(rulebook, constant, at);
    }

    /** The same, from a history seen for the first time: sorting and preparation included. */
    @Benchmark
    public Standing coldConstantStanding() {
        return StandingEvaluator.standing(rulebook, SubjectHistory.of("P-1", constantEvents), at);
    }

    @Benchmark
    public Standing mixedStanding() {
        return StandingEvaluator.standing(rulebook, mixed, at);
    }

    @Benchmark
    public Object decision() {
        String subject = subjects[next++ & (subjects.length - 1)];
        return serving.decide(subject, "air-travel", at, "d-bench");
    }

    @Benchmark
    public Object evaluatedDecision() {
        return DecisionEvaluator.decide(rulebook, standing, "air-travel", "d-bench");
    }
}
