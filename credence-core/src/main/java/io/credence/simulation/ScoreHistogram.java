package io.credence.simulation;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many subjects hold each score, in buckets of {@link #WIDTH} points: bucket {@code b} counts
 * scores in {@code [b, b + WIDTH)}. Streams: one {@link #add} per subject, memory bounded by the
 * score range. Not thread-safe.
 */
public final class ScoreHistogram {
    /** Bucket width in points; displays merge buckets as they need. */
    public static final long WIDTH = 10;

    private final TreeMap<Long, Long> counts = new TreeMap<>();

    public void add(long score) {
        counts.merge(Math.floorDiv(score, WIDTH) * WIDTH, 1L, Long::sum);
    }

    /** Bucket lower bound to count, ascending; empty buckets are left out. */
    public Map<Long, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
