package io.credence.population;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A synthetic population for {@code examples/civic-points.yaml}, as JSON Lines, deterministic per
 * seed and streamed one subject at a time (10 million events need no more memory than ten).
 *
 * <p>Realism, roughly: the number of events per subject is heavy-tailed (most people have a few, a
 * long tail has many; the mean is about ten); conduct is mixed, with positive events (volunteering,
 * blood donation) about as common as minor negative ones (traffic tickets) and grave ones rare; about
 * two thirds of unfulfilled judgments are later fulfilled; timestamps spread over five years ending
 * at {@link #DEFAULT_END}. Each subject draws from its own stream split from the seed, so subject k's
 * events do not depend on how many subjects are generated.
 */
public final class PopulationGenerator {
    /** Events end before this instant, so generated files never lie in the future. */
    public static final Instant DEFAULT_END = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 5L * 365 * 86_400;

    /** type, source, weight (per mille). */
    private static final String[][] CONDUCT = {
        {"traffic_ticket", "traffic-police", "230"},
        {"volunteer_service", "community-office", "220"},
        {"blood_donation", "blood-bank", "120"},
        {"bank_arrears_month", "bank", "120"},
        {"contract_breach", "bank", "60"},
        {"contract_breach", "landlord-registry", "40"},
        {"court_breach_finding", "court", "50"},
        {"fraud_or_counterfeit", "market-regulator", "40"},
        {"judgment_unfulfilled", "court", "60"},
        {"utility_theft", "utility", "30"},
        {"heroic_act", "community-office", "15"},
        {"public_equipment_destroyed", "police", "15"},
    };
    private static final int TOTAL_WEIGHT;

    static {
        int total = 0;
        for (String[] row : CONDUCT) {
            total += Integer.parseInt(row[2]);
        }
        TOTAL_WEIGHT = total;
    }

    private final long seed;
    private final long endSeconds;

    public PopulationGenerator(long seed) {
        this(seed, DEFAULT_END);
    }

    public PopulationGenerator(long seed, Instant end) {
        this.seed = seed;
        this.endSeconds = end.getEpochSecond();
    }

    /** The subject id of the {@code index}-th subject (0-based). */
    public static String subjectId(long index) {
        return String.format("P-%07d", index + 1);
    }

    /**
     * Generates {@code subjects} subjects' events, one JSON line at a time.
     *
     * @param progress told the number of subjects done so far, every 10,000 subjects
     * @return the number of events generated
     */
    public long generate(long subjects, Consumer<CharSequence> lines, java.util.function.LongConsumer progress) {
        long events = 0;
        StringBuilder line = new StringBuilder(256);
        for (long s = 0; s < subjects; s++) {
            SplittableRandom random = new SplittableRandom(mix(seed, s));
            String subject = subjectId(s);
            int count = eventCount(random);
            for (int k = 0; k < count; k++) {
                String[] conduct = pick(random);
                long at = endSeconds - SPAN_SECONDS + random.nextLong(SPAN_SECONDS - 86_400L * 40);
                String id = "g" + (s + 1) + "-" + k;
                line.setLength(0);
                switch (conduct[0]) {
                    case "volunteer_service" -> event(line, id, conduct, subject, at,
                            "{\"hours\":" + (1 + random.nextInt(8)) + "." + (random.nextBoolean() ? "5" : "0") + "}");
                    case "bank_arrears_month" -> event(line, id, conduct, subject, at,
                            "{\"month\":\"" + Instant.ofEpochSecond(at).toString().substring(0, 7) + "\"}");
                    case "judgment_unfulfilled" -> {
                        String kase = "J" + (s + 1) + "-" + k;
                        long amount = 1_000 + random.nextInt(99_000);
                        event(line, id, conduct, subject, at, "{\"amount\":" + amount + ",\"case\":\"" + kase + "\"}");
                        lines.accept(line);
                        events++;
                        if (random.nextInt(3) != 0) {
                            long paid = at + 86_400L * (1 + random.nextInt(36 * 30));
                            if (paid < endSeconds) {
                                line.setLength(0);
                                event(line, id + "-paid", new String[] {"judgment_fulfilled", "court"}, subject, paid,
                                        "{\"case\":\"" + kase + "\"}");
                            } else {
                                continue;
                            }
                        } else {
                            continue;
                        }
                    }
                    default -> event(line, id, conduct, subject, at, null);
                }
                lines.accept(line);
                events++;
            }
            if ((s + 1) % 10_000 == 0) {
                progress.accept(s + 1);
            }
        }
        progress.accept(subjects);
        return events;
    }

    /** Heavy-tailed: a geometric body with a Pareto tail; mean about ten. */
    private static int eventCount(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.08) {
            return 0;
        }
        if (u < 0.93) {
            return 1 + (int) (-Math.log(1 - random.nextDouble()) * 7.5);
        }
        double pareto = 15.0 / Math.pow(1 - random.nextDouble(), 1 / 1.6);
        return (int) Math.min(400, pareto);
    }

    private static String[] pick(SplittableRandom random) {
        int r = random.nextInt(TOTAL_WEIGHT);
        for (String[] row : CONDUCT) {
            r -= Integer.parseInt(row[2]);
            if (r < 0) {
                return row;
            }
        }
        return CONDUCT[0];
    }

    private static void event(StringBuilder line, String id, String[] conduct, String subject, long at, String data) {
        line.append("{\"id\":\"").append(id)
                .append("\",\"source\":\"").append(conduct[1])
                .append("\",\"subject\":\"").append(subject)
                .append("\",\"type\":\"").append(conduct[0])
                .append("\",\"at\":\"").append(Instant.ofEpochSecond(at)).append('"');
        if (data != null) {
            line.append(",\"data\":").append(data);
        }
        line.append('}');
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
