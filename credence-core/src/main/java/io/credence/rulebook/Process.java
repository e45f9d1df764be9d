package io.credence.rulebook;

import io.credence.time.IsoDuration;

/**
 * The due-process settings of spec section 5. Without a {@code process} section every value is zero
 * or off: {@code notice} and {@code disputeDeadline} are null, {@code reportsDailyLimit} is 0, and
 * proportionality is not strict. Immutable.
 */
public record Process(IsoDuration notice, IsoDuration disputeDeadline, int reportsDailyLimit,
        boolean strictProportionality, Ratings ratings) {
    public static final Process NONE = new Process(null, null, 0, false, Ratings.DEFAULT);

    /**
     * Peer-rating settings ({@code process.ratings}): how long after an interaction its parties may
     * rate each other, the Bayesian prior and its weight in typical raters, the damping towards the
     * pre-trusted, and who is pre-trusted.
     */
    public record Ratings(IsoDuration window, double prior, double priorWeight, double damping,
            java.util.List<String> preTrusted) {
        public static final Ratings DEFAULT = new Ratings(IsoDuration.parse("P14D"), 3.5, 5.0, 0.15,
                java.util.List.of());

        public Ratings {
            preTrusted = java.util.List.copyOf(preTrusted);
        }
    }
}
