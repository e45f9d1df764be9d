package io.credence.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Peer ratings aggregated so that brigades and sybils cannot sink anyone.
 *
 * <p>The model. Weighting each rating by the rater's own score is the "Nosedive" spiral: the
 * well-rated entrench each other and the low-rated cannot climb. Instead each rater's weight is their
 * global trust from EigenTrust (Kamvar, Schlosser, Garcia-Molina 2003): local trust {@code c_ij} is
 * rater i's normalised positive satisfaction with j (stars above 3 count, below 3 count against);
 * global trust is the stationary {@code t = (1 - a) C^T t + a p}, where {@code p} spreads the
 * damping mass {@code a} over the pre-trusted subjects the operator names. Trust flows only along
 * positive ratings from people already trusted, so a ring of sybils who rate each other, or a mob
 * that only ever rates one target, earns (almost) no weight however large it is.
 *
 * <p>Then, per subject: a pair counts at most one rating per 30 days (the latest kept); no single
 * rater carries more than 10% of the weight the aggregate rests on (capped by water-filling); and a
 * Bayesian prior ({@code prior} stars with the weight of {@code priorWeight} average raters) keeps
 * a handful of ratings from making or breaking anyone. Trust is rescaled so that the average subject
 * holding any trust weighs 1, which makes {@code priorWeight} read as "this many typical raters".
 *
 * <p>Stateless and thread-safe; a pure function of the ratings and the settings.
 */
public final class PeerAggregation {
    /** A pair of subjects counts at most one rating in this window. */
    public static final Duration PAIR_WINDOW = Duration.ofDays(30);
    /** No rater above this share of the weight an aggregate rests on. */
    public static final double MAX_SHARE = 0.10;

    private PeerAggregation() {}

    /** The settings: the prior, its weight, the damping towards pre-trust, and who is pre-trusted. */
    public record Settings(double prior, double priorWeight, double damping, Set<String> preTrusted) {
        public Settings {
            preTrusted = Set.copyOf(preTrusted);
            if (damping <= 0 || damping >= 1) {
                throw new IllegalArgumentException("damping must be between 0 and 1; got " + damping);
            }
        }
    }

    /** A subject's aggregate: the rating, how many ratings counted, and the total rater weight. */
    public record Aggregate(String subject, double rating, int ratings, double weight) {}

    public static Map<String, Aggregate> aggregate(List<Rating> all, Settings settings) {
        List<Rating> ratings = pairLimited(all);
        Map<String, Integer> index = new HashMap<>();
        for (Rating r : ratings) {
            index.putIfAbsent(r.rater(), index.size());
            index.putIfAbsent(r.ratee(), index.size());
        }
        settings.preTrusted().forEach(s -> index.putIfAbsent(s, index.size()));
        double[] trust = trust(ratings, index, settings);
        Map<String, List<Rating>> byRatee = new HashMap<>();
        for (Rating r : ratings) {
            byRatee.computeIfAbsent(r.ratee(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Aggregate> out = new HashMap<>();
        byRatee.forEach((subject, received) -> out.put(subject, aggregateOne(subject, received, index, trust, settings)));
        return out;
    }

    /** The latest rating of each pair in each 30-day stretch: repeats in between do not count. */
    static List<Rating> pairLimited(List<Rating> all) {
        List<Rating> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(Rating::at).thenComparing(Rating::rater).thenComparing(Rating::ratee));
        Map<String, Rating> lastCounted = new HashMap<>();
        List<Rating> out = new ArrayList<>();
        for (Rating r : sorted) {
            String pair = r.rater() + "\u0000" + r.ratee();
            Rating last = lastCounted.get(pair);
            if (last == null || !r.at().isBefore(last.at().plus(PAIR_WINDOW))) {
                lastCounted.put(pair, r);
                out.add(r);
            }
        }
        return out;
    }

    private static double[] trust(List<Rating> ratings, Map<String, Integer> index, Settings settings) {
        int n = index.size();
        double[] p = new double[n];
        if (settings.preTrusted().isEmpty()) {
            Arrays.fill(p, 1.0 / Math.max(1, n));
        } else {
            for (String s : settings.preTrusted()) {
                p[index.get(s)] = 1.0 / settings.preTrusted().size();
            }
        }
        // Local trust: net satisfaction per ordered pair, negatives floored at zero, rows normalised.
        Map<Long, Double> satisfaction = new HashMap<>();
        for (Rating r : ratings) {
            long key = (long) index.get(r.rater()) * n + index.get(r.ratee());
            satisfaction.merge(key, (double) (r.stars() - 3), Double::sum);
        }
        double[] rowSum = new double[n];
        List<long[]> edges = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        satisfaction.forEach((key, s) -> {
            if (s > 0) {
                int i = (int) (key / n);
                rowSum[i] += s;
                edges.add(new long[] {i, key % n});
                weights.add(s);
            }
        });
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        double[] c = new double[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            from[e] = (int) edges.get(e)[0];
            to[e] = (int) edges.get(e)[1];
            c[e] = weights.get(e) / rowSum[from[e]];
        }
        double a = settings.damping();
        double[] t = p.clone();
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] next = new double[n];
            double dangling = 0;
            for (int i = 0; i < n; i++) {
                if (rowSum[i] == 0) {
                    dangling += t[i]; // a rater with no positive ratings passes its trust to the pre-trusted
                }
            }
            for (int e = 0; e < from.length; e++) {
                next[to[e]] += (1 - a) * c[e] * t[from[e]];
            }
            double delta = 0;
            for (int i = 0; i < n; i++) {
                next[i] += (1 - a) * dangling * p[i] + a * p[i];
                delta += Math.abs(next[i] - t[i]);
            }
            t = next;
            if (delta < 1e-10) {
                break;
            }
        }
        // The average subject that holds any trust weighs 1. Counting only those keeps a crowd of
        // zero-trust accounts from inflating everyone's weight against the prior.
        int holders = 0;
        for (double x : t) {
            holders += x > 1e-12 ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
            t[i] *= Math.max(1, holders);
        }
        return t;
    }

    private static Aggregate aggregateOne(String subject, List<Rating> received, Map<String, Integer> index,
            double[] trust, Settings settings) {
        Map<String, double[]> byRater = new HashMap<>(); // rater -> {sum of stars, count}
        for (Rating r : received) {
            byRater.computeIfAbsent(r.rater(), k -> new double[2])[0] += r.stars();
            byRater.get(r.rater())[1]++;
        }
        String[] raters = byRater.keySet().toArray(String[]::new);
        Arrays.sort(raters);
        double[] w = new double[raters.length];
        double[] stars = new double[raters.length];
        for (int k = 0; k < raters.length; k++) {
            w[k] = trust[index.get(raters[k])];
            stars[k] = byRater.get(raters[k])[0] / byRater.get(raters[k])[1];
        }
        capShares(w, settings.priorWeight());
        double weight = 0;
        double sum = settings.prior() * settings.priorWeight();
        for (int k = 0; k < w.length; k++) {
            weight += w[k];
            sum += w[k] * stars[k];
        }
        double rating = sum / (settings.priorWeight() + weight);
        return new Aggregate(subject, rating, received.size(), weight);
    }

    /**
     * Water-filling: lowers the largest weights until none exceeds {@link #MAX_SHARE} of the total
     * (prior included), keeping the order of the rest.
     */
    static void capShares(double[] w, double priorWeight) {
        for (int round = 0; round < w.length + 1; round++) {
            double total = priorWeight;
            for (double x : w) {
                total += x;
            }
            double cap = MAX_SHARE * total;
            boolean changed = false;
            for (int k = 0; k < w.length; k++) {
                if (w[k] > cap * (1 + 1e-12)) {
                    w[k] = cap;
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
        }
    }
}
