package dev.payhooks.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link IdempotencyStore#claim(IdempotencyKey, java.time.Duration)}: exactly one
 * caller gets {@link Claimed}; everybody else learns that the key is in progress or completed.
 *
 * @since 0.1.0
 */
public sealed interface ClaimResult {

    /**
     * This caller owns the key until the lease expires; it must {@code complete} or {@code release}.
     *
     * @param token the fencing token for {@code complete}/{@code release}
     * @since 0.1.0
     */
    record Claimed(ClaimToken token) implements ClaimResult {
        /**
         * Validates.
         *
         * @param token the token
         */
        public Claimed {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * Another caller holds an unexpired lease.
     *
     * @param leaseExpiresAt when that lease ends (after which a new claim takes over)
     * @since 0.1.0
     */
    record InProgress(Instant leaseExpiresAt) implements ClaimResult {
        /**
         * Validates.
         *
         * @param leaseExpiresAt when the lease ends
         */
        public InProgress {
            Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        }
    }

    /**
     * The key was completed and is still retained: a duplicate delivery.
     *
     * @param completedAt when it was completed
     * @since 0.1.0
     */
    record Completed(Instant completedAt) implements ClaimResult {
        /**
         * Validates.
         *
         * @param completedAt when it was completed
         */
        public Completed {
            Objects.requireNonNull(completedAt, "completedAt");
        }
    }
}
