package io.credence.rulebook;

import io.credence.time.IsoDuration;

/**
 * The due-process settings of spec section 5. Without a {@code process} section every value is zero
 * or off: {@code notice} and {@code disputeDeadline} are null, {@code reportsDailyLimit} is 0, and
 * proportionality is not strict. Immutable.
 */
public record Process(IsoDuration notice, IsoDuration disputeDeadline, int reportsDailyLimit,
        boolean strictProportionality) {
    public static final Process NONE = new Process(null, null, 0, false);
}
