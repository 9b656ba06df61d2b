package dev.payhooks;

import java.time.Duration;

/**
 * Decides atomically which delivery of an event runs the handlers. Providers deliver at least
 * once, out of order and concurrently; the store turns that into exactly one successful run per
 * key (while the key is retained).
 *
 * <p>The protocol: {@link #claim} (atomic; never check-then-insert) gives one caller a token and a
 * lease. The owner {@link #complete}s after its handlers succeed or {@link #release}s when one
 * throws, so the provider's retry runs them again. A claim whose lease expired (the worker
 * crashed) is taken over by exactly one later claimer; the crashed owner's token no longer works.
 * Completed keys are retained for a retention period (longer than the provider retries: Stripe
 * retries for 3 days) and then forgotten.
 *
 * <p>Implementations are thread-safe. Failures of the backing store are reported as
 * {@link WebhookUnavailableException}; the receiver answers 503 and nothing is marked done.
 * Every implementation should pass the contract test class in core's test jar
 * ({@code dev.payhooks.testing.IdempotencyStoreContract}).
 */
public interface IdempotencyStore {

    /**
     * Claims a key.
     *
     * @param key the scoped key
     * @param lease how long the claim holds without completion; positive
     * @return {@link ClaimResult.Claimed}, {@link ClaimResult.InProgress} or {@link ClaimResult.Completed}
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    ClaimResult claim(IdempotencyKey key, Duration lease);

    /**
     * Marks a claimed key completed, if the token still owns it.
     *
     * @param key the key
     * @param token the token from {@link ClaimResult.Claimed}
     * @return {@code true} if the key is now completed by this token; {@code false} if the token
     *         no longer owns the key (its lease was taken over), in which case nothing changed
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    boolean complete(IdempotencyKey key, ClaimToken token);

    /**
     * Gives a claimed key up so the next delivery claims it at once, if the token still owns it.
     *
     * @param key the key
     * @param token the token from {@link ClaimResult.Claimed}
     * @return {@code true} if the claim was released; {@code false} if the token no longer owns it
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    boolean release(IdempotencyKey key, ClaimToken token);

    /**
     * An in-memory store for one process, retaining completed keys for 7 days and at most
     * 1,000,000 keys. Use a shared store (payhooks-jdbc) when several instances receive webhooks.
     *
     * @return a new store
     */
    static InMemoryIdempotencyStore inMemory() {
        return InMemoryIdempotencyStore.builder().build();
    }

    /**
     * An in-memory store with the given retention.
     *
     * @param retention how long completed keys are remembered
     * @return a new store
     */
    static InMemoryIdempotencyStore inMemory(Duration retention) {
        return InMemoryIdempotencyStore.builder().retention(retention).build();
    }
}
