package dev.payhooks.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * Proof of one claim on an idempotency key. Completion and release are fenced by it: a worker
 * whose lease expired and was taken over can no longer change the key's state.
 *
 * @param value an opaque value, unique per claim
 *
 * @since 0.1.0
 */
public record ClaimToken(String value) {
    /**
     * Validates.
     *
     * @param value the token value
     */
    public ClaimToken {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a claim token must not be empty");
        }
    }

    /**
     * A fresh random token: 128 random bits, unique for every practical purpose. A token fences
     * the claim inside the store and never leaves the process, so it needs uniqueness, not
     * secrecy; a per-thread generator avoids the global lock of {@link UUID#randomUUID()}, which
     * showed up as contention under concurrent claims.
     *
     * @return a new token
     */
    public static ClaimToken random() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new ClaimToken(new UUID(random.nextLong(), random.nextLong()).toString());
    }
}
