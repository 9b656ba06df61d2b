package dev.payhooks.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock a test moves by hand, so that leases, retention and signature tolerance are tested
 * without waiting: give it to the receiver, the store or the inbox, then {@link #advance} it.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * IdempotencyStore store = IdempotencyStore.inMemoryBuilder().clock(clock).build();
 * clock.advance(Duration.ofMinutes(6));   // every lease shorter than that has now expired
 * }</pre>
 *
 * <p>Always in UTC. Thread-safe: every thread sees the latest instant.
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /**
     * A clock standing at {@code start}.
     *
     * @param start the initial instant
     */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock.
     *
     * @param duration how far forward (backward, if negative)
     */
    public synchronized void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now = now.plus(duration);
    }

    /**
     * Sets the clock.
     *
     * @param instant the new instant
     */
    public synchronized void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /**
     * The instant the clock stands at.
     *
     * @return the current instant
     */
    @Override
    public Instant instant() {
        return now;
    }

    /**
     * Always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock: it has no other zone, and a copy would not move with it.
     *
     * @param zone ignored
     * @return this clock
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /**
     * The instant, for assertion messages.
     *
     * @return for example {@code MutableClock[2026-01-01T00:00:00Z]}
     */
    @Override
    public String toString() {
        return "MutableClock[" + now + "]";
    }
}
