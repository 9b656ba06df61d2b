package dev.payhooks.jdbc.internal;

import dev.payhooks.internal.config.Checks;
import dev.payhooks.internal.store.ClaimTokens;
import dev.payhooks.spi.ClaimToken;

import java.time.Duration;
import java.util.OptionalLong;

/** Checks of call arguments that the idempotency store and the inbox share, with one wording. */
public final class Arguments {

    /** Leases, delays and retentions beyond this are surely mistakes (and would overflow milliseconds). */
    private static final Duration MAX_DURATION = Duration.ofDays(3650);
    /** Digits in {@link Long#MAX_VALUE}. */
    private static final int MAX_ID_DIGITS = 19;

    private Arguments() {
    }

    /**
     * Validates a positive duration.
     *
     * @param duration the duration
     * @param name its name in the message
     * @return the duration
     * @throws IllegalArgumentException when it is zero, negative or above 3,650 days
     */
    public static Duration positive(Duration duration, String name) {
        return Checks.atMost(Checks.positive(duration, name), name, MAX_DURATION);
    }

    /**
     * A positive duration in whole milliseconds, a sub-millisecond one rounded up rather than to zero.
     *
     * @param duration the duration
     * @param name its name in the message
     * @return at least 1
     * @throws IllegalArgumentException when it is zero, negative or above 3,650 days
     */
    public static long positiveMillis(Duration duration, String name) {
        return Checks.millisAtLeastOne(positive(duration, name));
    }

    /**
     * A duration that may be zero, in milliseconds.
     *
     * @param duration the duration
     * @param name its name in the message
     * @return at least 0
     * @throws IllegalArgumentException when it is negative or above 3,650 days
     */
    public static long nonNegativeMillis(Duration duration, String name) {
        return Checks.atMost(Checks.nonNegative(duration, name), name, MAX_DURATION).toMillis();
    }

    /**
     * Whether a token could be one we issued: anything else cannot own a row (see
     * {@link ClaimTokens#couldBeOurs(ClaimToken)}).
     *
     * @param token the token
     * @return {@code false} when no row can carry it
     */
    public static boolean couldBeOurs(ClaimToken token) {
        return ClaimTokens.couldBeOurs(token);
    }

    /**
     * A row id we issued (decimal digits of a non-negative {@code long}), or empty for any other
     * text: such an id names no row, and the answer is a plain "no".
     *
     * @param id the id as text
     * @return the id
     */
    public static OptionalLong rowId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            // Nineteen digits above Long.MAX_VALUE.
            return OptionalLong.empty();
        }
    }
}
