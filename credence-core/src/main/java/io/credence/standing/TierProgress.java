package io.credence.standing;

import java.time.Instant;
import java.util.List;

/**
 * How far the subject is from the next tier up, and when the contributions now counted expire.
 * {@code nextTier} is null at the top tier. Immutable.
 */
public record TierProgress(String nextTier, Long pointsToNextTier, List<Expiry> expiries) {
    public TierProgress {
        expiries = List.copyOf(expiries);
    }

    /** On {@code on}, the {@code points} of one event stop counting. */
    public record Expiry(Instant on, long points, Contribution contribution) {}
}
