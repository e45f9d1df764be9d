package io.credence.standing;

/** What one event did to a standing at the time asked. */
public enum Effect {
    /** It counts: its points are in the score. */
    COUNTED,
    /** It counted once, and its expiry has passed. */
    EXPIRED,
    /** Its type's condition ({@code when}) is false for it. */
    CONDITION_FALSE,
    /** Its points came to zero (possibly because its cap window was full). */
    ZERO,
    /** A later event of the same type replaces it ({@code supersede: true}). */
    SUPERSEDED,
    /** It was retracted; it counts as if never recorded. */
    RETRACTED,
    /** Its type has no points: it is recorded and may move lists. */
    NO_POINTS,
    /** Its points or condition could not be evaluated under this rulebook. */
    EVALUATION_ERROR,
    /** Its type is not in this rulebook. */
    UNKNOWN_TYPE
}
