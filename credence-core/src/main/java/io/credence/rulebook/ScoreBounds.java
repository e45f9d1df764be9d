package io.credence.rulebook;

/** The score every subject starts at and the bounds it is clamped to. Immutable. */
public record ScoreBounds(long base, long min, long max) {
    public long clamp(long value) {
        return Math.max(min, Math.min(max, value));
    }
}
