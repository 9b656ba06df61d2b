package dev.payhooks.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand: time is a {@link Clock}, never a sleep. Thread-safe. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /**
     * @param start the initial instant
     */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock.
     *
     * @param duration how far forward (or back, if negative)
     */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * Sets the clock.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now = instant;
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
