package io.credence.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code perSecond} requests a second on average, bursts up to
 * {@code burst}. Thread-safe; a bucket is locked only by requests of its own key.
 */
final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Zero when the request may go ahead, else the seconds to wait. */
    long acquire(String key, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.last) / 1e9 * perSecond);
            bucket.last = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
