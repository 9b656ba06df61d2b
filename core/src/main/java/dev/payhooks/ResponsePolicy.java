package dev.payhooks;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which HTTP status, body and headers answer each {@link Outcome}: one object, replaceable as a
 * whole. A 2xx tells the provider "done, never send this again"; anything else makes it retry.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>outcome</th><th>status</th></tr>
 * <tr><td>HANDLED, QUEUED, DUPLICATE, FILTERED, UNHANDLED, STALE</td><td>200</td></tr>
 * <tr><td>IN_PROGRESS</td><td>409</td></tr>
 * <tr><td>REJECTED</td><td>{@link RejectionReason#defaultStatus()}: 400, 401, 404, 405, 408, 413 or 415</td></tr>
 * <tr><td>FAILED</td><td>500</td></tr>
 * <tr><td>UNAVAILABLE</td><td>503 with {@code Retry-After: 30}</td></tr>
 * <tr><td>OVERLOADED</td><td>503 with {@code Retry-After: 5}</td></tr>
 * </table>
 *
 * <pre>{@code
 * ResponsePolicy policy = ResponsePolicy.builder()
 *         .inProgressRetryAfter(Duration.ofSeconds(10))   // 503 + Retry-After instead of 409
 *         .status(RejectionReason.NO_MATCHING_SIGNATURE, 400)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResponsePolicy {

    /** Every response body is one of these short texts: nothing in it says why verification failed. */
    private static final Map<Integer, String> GENERIC_BODIES = Map.ofEntries(
            Map.entry(200, "ok"), Map.entry(400, "bad request"), Map.entry(401, "unauthorized"),
            Map.entry(404, "not found"), Map.entry(405, "method not allowed"), Map.entry(408, "request timeout"),
            Map.entry(409, "in progress, retry later"), Map.entry(413, "payload too large"),
            Map.entry(415, "unsupported media type"), Map.entry(500, "processing failed, retry later"),
            Map.entry(503, "temporarily unavailable, retry later"));

    private static final ResponsePolicy DEFAULTS = builder().build();

    private final Map<Outcome, Integer> statusByOutcome;
    private final Map<RejectionReason, Integer> statusByReason;
    private final Duration inProgressRetryAfter;
    private final Duration unavailableRetryAfter;
    private final Duration overloadedRetryAfter;

    private ResponsePolicy(Builder builder) {
        this.statusByOutcome = new EnumMap<>(builder.statusByOutcome);
        this.statusByReason = new EnumMap<>(builder.statusByReason);
        this.inProgressRetryAfter = builder.inProgressRetryAfter;
        this.unavailableRetryAfter = builder.unavailableRetryAfter;
        this.overloadedRetryAfter = builder.overloadedRetryAfter;
    }

    /**
     * The default policy: the statuses of the table in the class description, {@code Retry-After: 30}
     * on 503 and none on 409.
     *
     * @return the default policy
     */
    public static ResponsePolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reply for an outcome.
     *
     * @param outcome what happened
     * @param reason the rejection reason when {@code outcome} is {@link Outcome#REJECTED}, else {@code null}
     * @return status, body and headers
     */
    public Reply reply(Outcome outcome, RejectionReason reason) {
        Objects.requireNonNull(outcome, "outcome");
        int status = outcome == Outcome.REJECTED
                ? statusByReason.getOrDefault(Objects.requireNonNull(reason, "reason"), reason.defaultStatus())
                : statusByOutcome.get(outcome);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        Duration retryAfter = outcome == Outcome.IN_PROGRESS ? inProgressRetryAfter
                : outcome == Outcome.UNAVAILABLE ? unavailableRetryAfter
                : outcome == Outcome.OVERLOADED ? overloadedRetryAfter : null;
        if (retryAfter != null && status != 409) {
            headers.put("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        return new Reply(status, GENERIC_BODIES.getOrDefault(status, Integer.toString(status)), Map.copyOf(headers));
    }

    /**
     * Status, body and headers of one answer.
     *
     * @param status the HTTP status
     * @param body a short generic text
     * @param headers headers to set
      *
      * @since 0.1.0
     */
    public record Reply(int status, String body, Map<String, String> headers) {
        /**
         * Validates and copies.
         *
         * @param status the HTTP status
         * @param body a short generic text
         * @param headers headers to set
         */
        public Reply {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be between 200 and 599, was " + status);
            }
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Builds a {@link ResponsePolicy}; starts from the defaults.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<Outcome, Integer> statusByOutcome = new EnumMap<>(Outcome.class);
        private final Map<RejectionReason, Integer> statusByReason = new EnumMap<>(RejectionReason.class);
        private Duration inProgressRetryAfter;
        private Duration unavailableRetryAfter = Duration.ofSeconds(30);
        private Duration overloadedRetryAfter = Duration.ofSeconds(5);

        private Builder() {
            statusByOutcome.put(Outcome.HANDLED, 200);
            statusByOutcome.put(Outcome.QUEUED, 200);
            statusByOutcome.put(Outcome.DUPLICATE, 200);
            statusByOutcome.put(Outcome.FILTERED, 200);
            statusByOutcome.put(Outcome.UNHANDLED, 200);
            statusByOutcome.put(Outcome.STALE, 200);
            statusByOutcome.put(Outcome.IN_PROGRESS, 409);
            statusByOutcome.put(Outcome.FAILED, 500);
            statusByOutcome.put(Outcome.UNAVAILABLE, 503);
            statusByOutcome.put(Outcome.OVERLOADED, 503);
        }

        /**
         * The status for an outcome other than {@link Outcome#REJECTED} (use
         * {@link #status(RejectionReason, int)} for rejections).
         *
         * @param outcome the outcome
         * @param status an HTTP status between 200 and 599
         * @return this builder
         */
        public Builder status(Outcome outcome, int status) {
            if (Objects.requireNonNull(outcome, "outcome") == Outcome.REJECTED) {
                throw new IllegalArgumentException("rejections are answered per reason: use status(RejectionReason, int)");
            }
            statusByOutcome.put(outcome, checkStatus(status));
            return this;
        }

        /**
         * The status for one rejection reason.
         *
         * @param reason the reason
         * @param status an HTTP status between 400 and 499 (a 2xx would tell the provider a forged
         *               or broken delivery was accepted)
         * @return this builder
         */
        public Builder status(RejectionReason reason, int status) {
            Objects.requireNonNull(reason, "reason");
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("a rejection must be answered with a 4xx status, was " + status);
            }
            statusByReason.put(reason, status);
            return this;
        }

        /**
         * Answer "in progress elsewhere" with 503 and a {@code Retry-After} instead of 409.
         *
         * @param retryAfter a positive delay, sent in whole seconds
         * @return this builder
         */
        public Builder inProgressRetryAfter(Duration retryAfter) {
            this.inProgressRetryAfter = positive(retryAfter, "inProgressRetryAfter");
            statusByOutcome.put(Outcome.IN_PROGRESS, 503);
            return this;
        }

        /**
         * The {@code Retry-After} sent with {@link Outcome#UNAVAILABLE} (default 30 s).
         *
         * @param retryAfter a positive delay, sent in whole seconds
         * @return this builder
         */
        public Builder unavailableRetryAfter(Duration retryAfter) {
            this.unavailableRetryAfter = positive(retryAfter, "unavailableRetryAfter");
            return this;
        }

        /**
         * The {@code Retry-After} sent with {@link Outcome#OVERLOADED} (default 5 s): the
         * receiver was at its concurrency limit or its memory budget was exhausted, which passes
         * as soon as the deliveries in progress finish.
         *
         * @param retryAfter a positive delay, sent in whole seconds
         * @return this builder
         */
        public Builder overloadedRetryAfter(Duration retryAfter) {
            this.overloadedRetryAfter = positive(retryAfter, "overloadedRetryAfter");
            return this;
        }

        /**
         * The policy.
         *
         * @return an immutable policy
         */
        public ResponsePolicy build() {
            return new ResponsePolicy(this);
        }

        private static int checkStatus(int status) {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be between 200 and 599, was " + status);
            }
            return status;
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero() || duration.toSeconds() < 1) {
                throw new IllegalArgumentException(name + " must be at least one second, was " + duration);
            }
            return duration;
        }
    }
}
