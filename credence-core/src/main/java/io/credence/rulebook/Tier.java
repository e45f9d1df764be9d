package io.credence.rulebook;

/** A named band of scores: every score at or above {@code min} and below the next tier up. Immutable. */
public record Tier(String name, long min) {}
