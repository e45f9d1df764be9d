package io.credence.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand (deadlines, notice periods). Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(String start) {
        this.now = Instant.parse(start);
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(String instant) {
        now = Instant.parse(instant);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
