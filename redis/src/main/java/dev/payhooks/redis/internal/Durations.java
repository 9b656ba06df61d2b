package dev.payhooks.redis.internal;

import dev.payhooks.internal.config.Checks;

import java.time.Duration;
import java.util.Objects;

/** The stores' checks of the durations they are configured with and given. */
public final class Durations {

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    private Durations() {
    }

    /**
     * A positive duration no longer than {@code max}, in milliseconds as Redis takes them.
     *
     * @param duration the duration
     * @param name its name, for the message
     * @param max the longest allowed
     * @return milliseconds, at least 1 (a sub-millisecond duration is rounded up, not to zero,
     *         which Redis refuses)
     * @throws IllegalArgumentException when the duration is not positive or longer than {@code max}
     */
    public static long millis(Duration duration, String name, Duration max) {
        return Checks.millisAtLeastOne(Checks.atMost(Checks.positive(duration, name), name, max));
    }

    /**
     * A command timeout from 1 millisecond to 1 minute.
     *
     * @param commandTimeout the timeout
     * @return it
     * @throws IllegalArgumentException when out of that range
     */
    public static Duration commandTimeout(Duration commandTimeout) {
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.compareTo(MIN_TIMEOUT) < 0 || commandTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("commandTimeout must be from 1 millisecond to 1 minute, was " + commandTimeout);
        }
        return commandTimeout;
    }
}
