package dev.payhooks;


import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far a signed timestamp may lie in the past and in the future of the receiver's clock.
 * Checking the past bounds replays; checking the future too means a leaked signed request with a
 * far-future timestamp cannot be replayed later (Stripe's SDKs check only the past; we check both).
 * Immutable.
 *
 * <pre>{@code
 * Tolerance.of(Duration.ofMinutes(5));                          // 300 s both ways
 * Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30));  // 300 s past, 30 s future
 * Tolerance.disabledForSchemesWithoutTimestamps();              // GitHub, Shopify: nothing to check
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Tolerance {

    private static final Tolerance DISABLED = new Tolerance(null, null);

    private final Duration past;
    private final Duration future;

    private Tolerance(Duration past, Duration future) {
        this.past = past;
        this.future = future;
    }

    /**
     * The same window in both directions.
     *
     * @param window a positive duration of at least one second
     * @return the tolerance
     */
    public static Tolerance of(Duration window) {
        return of(window, window);
    }

    /**
     * Separate windows for the past and the future.
     *
     * @param past how old a timestamp may be; at least one second
     * @param future how far ahead a timestamp may be (clock skew); at least one second
     * @return the tolerance
     */
    public static Tolerance of(Duration past, Duration future) {
        return new Tolerance(checked(past, "past"), checked(future, "future"));
    }

    /**
     * No timestamp check at all. Only for schemes whose signature covers no timestamp (GitHub,
     * Shopify): for them replay protection rests on the idempotency store alone.
     *
     * @return the disabled tolerance
     */
    public static Tolerance disabledForSchemesWithoutTimestamps() {
        return DISABLED;
    }

    /**
     * Whether timestamps are checked.
     *
     * @return {@code false} only for {@link #disabledForSchemesWithoutTimestamps()}
     */
    public boolean isEnabled() {
        return past != null;
    }

    /**
     * The window into the past.
     *
     * @return the duration; {@link Duration#ZERO} when disabled
     */
    public Duration past() {
        return past == null ? Duration.ZERO : past;
    }

    /**
     * The window into the future.
     *
     * @return the duration; {@link Duration#ZERO} when disabled
     */
    public Duration future() {
        return future == null ? Duration.ZERO : future;
    }

    /**
     * Checks a signed timestamp. Overflow-safe for any {@code long}.
     *
     * @param signedEpochSeconds the timestamp from the request, in Unix seconds
     * @param now the receiver's instant
     * @throws WebhookVerificationException {@link RejectionReason#TIMESTAMP_TOO_OLD} or
     *         {@link RejectionReason#TIMESTAMP_IN_FUTURE}
     */
    public void check(long signedEpochSeconds, Instant now) {
        Objects.requireNonNull(now, "now");
        if (past == null) {
            return;
        }
        long nowSeconds = now.getEpochSecond();
        // Saturating bounds: hostile timestamps and huge tolerances must not overflow into a pass.
        long earliest = saturatedSubtract(nowSeconds, past.getSeconds());
        long latest = saturatedAdd(nowSeconds, future.getSeconds());
        if (signedEpochSeconds < earliest) {
            throw new WebhookVerificationException(RejectionReason.TIMESTAMP_TOO_OLD,
                    "the signed timestamp is " + describe(nowSeconds, signedEpochSeconds) + " in the past, over the tolerance of "
                            + past.getSeconds() + " s; a replay, a delayed retry or a wrong server clock (check NTP)");
        }
        if (signedEpochSeconds > latest) {
            throw new WebhookVerificationException(RejectionReason.TIMESTAMP_IN_FUTURE,
                    "the signed timestamp is " + describe(signedEpochSeconds, nowSeconds) + " in the future, over the tolerance of "
                            + future.getSeconds() + " s; check this server's clock (NTP)");
        }
    }

    private static long saturatedSubtract(long a, long b) {
        long result = a - b;
        // Overflow iff the operands have different signs and the result's sign differs from a's.
        return ((a ^ b) & (a ^ result)) < 0 ? Long.MIN_VALUE : result;
    }

    private static long saturatedAdd(long a, long b) {
        long result = a + b;
        return ((a ^ result) & (b ^ result)) < 0 ? Long.MAX_VALUE : result;
    }

    private static String describe(long later, long earlier) {
        long difference = later - earlier;
        return difference > 0 ? difference + " s" : "very far";
    }

    private static Duration checked(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.getSeconds() < 1) {
            throw new IllegalArgumentException("the " + name + " tolerance must be at least one second, was " + duration
                    + "; to turn the check off for a scheme without timestamps use disabledForSchemesWithoutTimestamps()");
        }
        return duration;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tolerance that && Objects.equals(past, that.past) && Objects.equals(future, that.future);
    }

    @Override
    public int hashCode() {
        return Objects.hash(past, future);
    }

    @Override
    public String toString() {
        return past == null ? "Tolerance[disabled]" : "Tolerance[past=" + past.getSeconds() + "s, future=" + future.getSeconds() + "s]";
    }
}
