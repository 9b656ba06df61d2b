package dev.payhooks.internal.retry;

import dev.payhooks.internal.config.Checks;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff bounds: after the {@code n}-th failed attempt the delay is
 * {@code min(max, initial * 2^(n-1))}. The inbox processor draws its jittered delay below this
 * bound; the Kafka worker pauses the partition for it.
 *
 * <p>Exported only to payhooks' own modules; not API. Immutable.
 */
public final class Backoff {

    /** The longest delay any worker waits between two attempts. */
    public static final Duration MAX = Duration.ofDays(30);

    /** Beyond this many doublings every delay is capped anyway (1 ms * 2^40 is decades). */
    private static final int MAX_DOUBLINGS = 40;

    private final Duration initial;
    private final Duration max;

    private Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /**
     * Checked bounds.
     *
     * @param initial the delay after the first failure; at least 1 ms
     * @param max the largest delay; not less than {@code initial}, at most {@link #MAX}
     * @return the backoff
     * @throws NullPointerException when either is null
     * @throws IllegalArgumentException when they are not such bounds
     */
    public static Backoff of(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.compareTo(Duration.ofMillis(1)) < 0 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 1 ms <= initial <= max, was " + initial + " and " + max);
        }
        Checks.atMost(max, "the backoff maximum", MAX);
        return new Backoff(initial, max);
    }

    /**
     * The delay after the first failure.
     *
     * @return the initial delay
     */
    public Duration initial() {
        return initial;
    }

    /**
     * The delay after attempt {@code attempt} failed.
     *
     * @param attempt the number of the attempt that failed, from 1 (anything lower counts as 1)
     * @return {@code min(max, initial * 2^(attempt-1))}
     */
    public Duration after(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS);
        Duration delay = initial;
        for (int i = 0; i < doublings && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    @Override
    public String toString() {
        return "Backoff[" + initial + ".." + max + "]";
    }
}
