package io.credence.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The brigading harness: an honest population with organic interactions and ratings, then three
 * attacks, each measured on one target under a plain mean and under Credence
 * ({@link PeerAggregation}). Deterministic for a seed.
 *
 * <ul>
 *   <li>Pile-on: 100 sybil accounts, with fake interactions through a colluding source, each rate one
 *       honest target 1 star.</li>
 *   <li>Ballot stuffing: the sybils rate each other 5 stars; their own aggregate is compared with the
 *       prior.</li>
 *   <li>Retaliation: partners the target honestly rated low answer with 1 star. Under a plain,
 *       visible-at-once system they answer in the same interaction and again later; under Credence
 *       ratings are revealed only after both parties rated (so the first answer is their honest one)
 *       and a pair counts one rating per 30 days, so a retaliator must wait a month, and then weighs
 *       what their trust and the 10% cap allow.</li>
 * </ul>
 */
public final class AttackSimulation {
    static final int HONEST = 400;
    static final int SYBILS = 100;
    static final int PRE_TRUSTED = 20;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private AttackSimulation() {}

    /** Shifts are in stars, as magnitudes. */
    public record Report(long seed, double pileOnNaiveShift, double pileOnCredenceShift, double sybilAggregate,
            double prior, double retaliationNaiveShift, double retaliationCredenceShift) {}

    public static Report run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] quality = new double[HONEST];
        for (int i = 0; i < HONEST; i++) {
            quality[i] = 3.4 + random.nextDouble() * 1.5;
        }
        List<Rating> organic = new ArrayList<>();
        for (int i = 0; i < HONEST; i++) {
            for (int k = 0; k < 8; k++) {
                int j = random.nextInt(HONEST);
                if (j == i) {
                    continue;
                }
                Instant at = START.plus(Duration.ofHours(random.nextInt(24 * 80)));
                organic.add(new Rating(honest(i), honest(j), stars(quality[j], random), at));
                organic.add(new Rating(honest(j), honest(i), stars(quality[i], random), at));
            }
        }
        Set<String> preTrusted = new HashSet<>();
        for (int i = 0; i < PRE_TRUSTED; i++) {
            preTrusted.add(honest(i));
        }
        PeerAggregation.Settings settings = new PeerAggregation.Settings(3.5, 5.0, 0.15, preTrusted);
        String target = honest(PRE_TRUSTED + 5);
        Instant attack = START.plus(Duration.ofDays(85));

        // (a) pile-on
        List<Rating> pileOn = new ArrayList<>(organic);
        for (int s = 0; s < SYBILS; s++) {
            pileOn.add(new Rating(sybil(s), target, 1, attack.plusSeconds(s)));
            pileOn.add(new Rating(target, sybil(s), 3, attack.plusSeconds(s)));
        }
        double naiveBefore = naive(organic, target);
        double naiveAfter = naive(pileOn, target);
        double credenceBefore = PeerAggregation.aggregate(organic, settings).get(target).rating();
        double credenceAfter = PeerAggregation.aggregate(pileOn, settings).get(target).rating();

        // (b) ballot stuffing
        List<Rating> stuffing = new ArrayList<>(organic);
        for (int s = 0; s < SYBILS; s++) {
            for (int k = 1; k <= 5; k++) {
                stuffing.add(new Rating(sybil(s), sybil((s + k) % SYBILS), 5, attack.plusSeconds(s * 10L + k)));
            }
        }
        Map<String, PeerAggregation.Aggregate> stuffed = PeerAggregation.aggregate(stuffing, settings);
        double sybilAggregate = 0;
        for (int s = 0; s < SYBILS; s++) {
            sybilAggregate = Math.max(sybilAggregate, stuffed.get(sybil(s)).rating());
        }

        // (c) retaliation: the target honestly rates ten poor partners low; they answer.
        String rater = honest(PRE_TRUSTED + 7);
        List<Rating> honestOnly = new ArrayList<>(organic);
        List<Rating> naiveWorld = new ArrayList<>(organic);
        List<Rating> credenceWorld = new ArrayList<>(organic);
        for (int p = 0; p < 10; p++) {
            String partner = "POOR-" + p;
            Instant at = attack.plus(Duration.ofDays(p));
            Rating low = new Rating(rater, partner, 1, at);
            Rating honestAnswer = new Rating(partner, rater, stars(4.2, random), at);
            honestOnly.add(low);
            honestOnly.add(honestAnswer);
            naiveWorld.add(low);
            credenceWorld.add(low);
            credenceWorld.add(honestAnswer); // sealed until both rated: the answer cannot depend on the low rating
            for (int again = 0; again < 3; again++) {
                naiveWorld.add(new Rating(partner, rater, 1, at.plus(Duration.ofDays(again * 3L))));
            }
            credenceWorld.add(new Rating(partner, rater, 1, at.plus(Duration.ofDays(3)))); // inside 30 days: dropped
            credenceWorld.add(new Rating(partner, rater, 1, at.plus(Duration.ofDays(31)))); // waited it out: counts
        }
        double retaliationNaive = Math.abs(naive(naiveWorld, rater) - naive(honestOnly, rater));
        double retaliationCredence = Math.abs(PeerAggregation.aggregate(credenceWorld, settings).get(rater).rating()
                - PeerAggregation.aggregate(honestOnly, settings).get(rater).rating());

        return new Report(seed, round(Math.abs(naiveAfter - naiveBefore)), round(Math.abs(credenceAfter - credenceBefore)),
                round(sybilAggregate), settings.prior(), round(retaliationNaive), round(retaliationCredence));
    }

    private static int stars(double quality, SplittableRandom random) {
        double noisy = quality + (random.nextDouble() - 0.5) * 1.6;
        return (int) Math.max(1, Math.min(5, Math.round(noisy)));
    }

    private static double naive(List<Rating> ratings, String subject) {
        return ratings.stream().filter(r -> r.ratee().equals(subject)).mapToInt(Rating::stars).average().orElse(0);
    }

    private static String honest(int i) {
        return String.format("H-%04d", i);
    }

    private static String sybil(int i) {
        return String.format("S-%04d", i);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
