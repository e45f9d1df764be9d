package io.credence.benchmarks;

import io.credence.peer.PeerAggregation;
import io.credence.peer.Rating;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Peer aggregation (EigenTrust, pair limit, caps, prior) over 100,000 subjects and 1 million
 * ratings among them, 100 pre-trusted: the in-memory part of {@code credence peers compute}, whose
 * target is under 30 seconds. Single shot, as an operator runs it.
 *
 * <p>Run: {@code ./credence-benchmarks/run PeerAggregationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PeerAggregationBenchmark {
    List<Rating> ratings;
    Set<String> preTrusted;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        int subjects = 100_000;
        ratings = new ArrayList<>(1_000_000);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1_000_000; i++) {
            int x = random.nextInt(subjects);
            int y = random.nextInt(subjects);
            if (x == y) {
                y = (y + 1) % subjects;
            }
            ratings.add(new Rating("S" + x, "S" + y, 1 + random.nextInt(5), start.plusSeconds(random.nextInt(90 * 86_400))));
        }
        preTrusted = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            preTrusted.add("S" + i);
        }
    }

    @Benchmark
    public Map<String, PeerAggregation.Aggregate> aggregateMillionRatings() {
        return PeerAggregation.aggregate(ratings, new PeerAggregation.Settings(3.5, 5.0, 0.15, preTrusted));
    }
}
