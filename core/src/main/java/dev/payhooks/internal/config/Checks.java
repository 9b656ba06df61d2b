package dev.payhooks.internal.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks every builder makes of the durations and sizes it is configured with, with one
 * wording: {@code "<name> must be positive, was <value>"}, {@code "<name> must be at least 1, was
 * <value>"}, {@code "<name> must be positive and at
 * most <max>, was <value>"}, {@code "<name> must be at most <max>, was <value>"}.
 *
 * <p>Exported only to payhooks' own modules; not API.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * A duration above zero.
     *
     * @param duration the duration
     * @param name its name, for the message
     * @return the duration
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }

    /**
     * A duration above zero and no longer than {@code max}, checked at once (one message names both
     * bounds).
     *
     * @param duration the duration
     * @param name its name, for the message
     * @param max the longest allowed
     * @return the duration
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException when it is zero, negative or longer than {@code max}
     */
    public static Duration positiveAtMost(Duration duration, String name, Duration max) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + describe(max) + ", was " + duration);
        }
        return duration;
    }

    /**
     * A duration of zero or more.
     *
     * @param duration the duration
     * @param name its name, for the message
     * @return the duration
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException when it is negative
     */
    public static Duration nonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
        return duration;
    }

    /**
     * A duration no longer than {@code max} (its sign checked elsewhere).
     *
     * @param duration the duration, not null
     * @param name its name, for the message
     * @param max the longest allowed
     * @return the duration
     * @throws IllegalArgumentException when it is longer than {@code max}
     */
    public static Duration atMost(Duration duration, String name, Duration max) {
        if (duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + describe(max) + ", was " + duration);
        }
        return duration;
    }

    /**
     * A positive duration in whole milliseconds, a sub-millisecond one rounded up to 1 rather than
     * down to zero (which means "no limit" or is refused by most clients).
     *
     * @param duration a positive duration
     * @return its milliseconds, at least 1
     */
    public static long millisAtLeastOne(Duration duration) {
        return Math.max(1, duration.toMillis());
    }

    /**
     * A count or size above zero.
     *
     * @param value the value
     * @param name its name, for the message
     * @return the value
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * A count or size above zero.
     *
     * @param value the value
     * @param name its name, for the message
     * @return the value
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static int positive(int value, String name) {
        positive((long) value, name);
        return value;
    }

    /**
     * A count of at least one (threads, attempts, entries, bytes).
     *
     * @param value the value
     * @param name its name, for the message
     * @return the value
     * @throws IllegalArgumentException when it is below 1
     */
    public static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    /**
     * A bound as a reader says it: {@code one day}, {@code 3650 days}, {@code 10 minutes},
     * {@code one second}; a bound that is no whole number of seconds in its ISO-8601 form.
     *
     * @param max the bound
     * @return the words
     */
    public static String describe(Duration max) {
        if (max.getNano() != 0 || max.isNegative() || max.isZero()) {
            return max.toString();
        }
        long seconds = max.getSeconds();
        if (seconds % 86_400 == 0) {
            return count(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return count(seconds / 3_600, "hour");
        }
        if (seconds % 60 == 0) {
            return count(seconds / 60, "minute");
        }
        return count(seconds, "second");
    }

    private static String count(long n, String unit) {
        return n == 1 ? "one " + unit : n + " " + unit + "s";
    }
}
