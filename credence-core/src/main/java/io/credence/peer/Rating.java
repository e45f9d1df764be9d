package io.credence.peer;

import java.time.Instant;

/** One party's stars (1-5) for the other after a recorded interaction. Immutable. */
public record Rating(String rater, String ratee, int stars, Instant at) {
    public Rating {
        if (stars < 1 || stars > 5) {
            throw new IllegalArgumentException("stars must be 1 to 5; got " + stars);
        }
        if (rater.equals(ratee)) {
            throw new IllegalArgumentException("a subject cannot rate itself");
        }
    }
}
