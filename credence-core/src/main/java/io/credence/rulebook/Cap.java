package io.credence.rulebook;

/** At most {@code max} points, up or down, per calendar window of one event type. Immutable. */
public record Cap(long max, CapPeriod per) {}
