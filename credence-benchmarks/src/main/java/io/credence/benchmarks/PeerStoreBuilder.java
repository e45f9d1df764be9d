package io.credence.benchmarks;

import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a store for timing {@code credence peers compute}: 100,000 subjects, 500,000 interactions
 * more than 14 days old (their windows closed) and both parties' ratings, 1,000,000 in all, under
 * {@code examples/nosedive.yaml} with 100 pre-trusted subjects. Records go in through the
 * ledger in large groups; {@code bench/peers} then times the command itself.
 *
 * <p>Run: {@code java -cp credence-benchmarks/target/benchmarks.jar io.credence.benchmarks.PeerStoreBuilder DIR}
 */
public final class PeerStoreBuilder {
    private PeerStoreBuilder() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        StringBuilder preTrusted = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            preTrusted.append(i == 0 ? "" : ", ").append(subject(i));
        }
        String rulebook;
        try {
            rulebook = java.nio.file.Files.readString(Path.of(System.getProperty("credence.examples", "examples"),
                    "nosedive.yaml")).replace("pre_trusted: [A, B, C]", "pre_trusted: [" + preTrusted + "]");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Instant now = Instant.now();
        try (Engine engine = Engine.open(dir, true, Clock.systemUTC())) {
            engine.publish(rulebook, "bench");
            SplittableRandom random = new SplittableRandom(1);
            List<Ledger.RecordDraft> batch = new ArrayList<>();
            for (int k = 0; k < 500_000; k++) {
                int x = random.nextInt(100_000);
                int y = random.nextInt(100_000);
                if (x == y) {
                    y = (y + 1) % 100_000;
                }
                String a = subject(x);
                String b = subject(y);
                String ref = "bench/i" + k;
                String at = now.minusSeconds(15L * 86_400 + random.nextInt(75 * 86_400)).toString();
                batch.add(new Ledger.RecordDraft("interaction", ref, null, Json.write(ResultJson.ordered("interaction",
                        ref, "subjects", List.of(a, b), "at", at, "kind", "ride")), "source:bench"));
                for (String[] pair : new String[][] {{a, b}, {b, a}}) {
                    batch.add(new Ledger.RecordDraft("rating", ref + "|" + pair[0], pair[1], Json.write(ResultJson
                            .ordered("interaction", ref, "rater", pair[0], "ratee", pair[1], "stars",
                                    1 + random.nextInt(5), "comment", null, "interaction_at", at, "rated", at)),
                            "subject:" + pair[0]));
                }
                if (batch.size() >= 60_000) {
                    engine.ledger().appendRecords(batch);
                    batch.clear();
                }
            }
            engine.ledger().appendRecords(batch);
        }
    }

    private static String subject(int i) {
        return String.format("S-%06d", i);
    }
}
