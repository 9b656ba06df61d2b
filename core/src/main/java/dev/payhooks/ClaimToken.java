package dev.payhooks;

import java.util.Objects;
import java.util.UUID;

/**
 * Proof of one claim on an idempotency key. Completion and release are fenced by it: a worker
 * whose lease expired and was taken over can no longer change the key's state.
 *
 * @param value an opaque, unguessable value
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
     * A fresh random token.
     *
     * @return a new token
     */
    public static ClaimToken random() {
        return new ClaimToken(UUID.randomUUID().toString());
    }
}
