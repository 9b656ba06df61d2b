package dev.payhooks.spi;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.InMemoryIdempotencyStore;
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
 * Every implementation should pass the contract test class of the
 * {@code dev.payhooks:payhooks-testkit} artifact ({@code dev.payhooks.testkit.contract.IdempotencyStoreContract}).
 *
 * @since 0.1.0
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
     * Deletes the keys whose retention (completed) or lease (claimed, never completed) has passed.
     * Schedule it (for example hourly) for stores that keep keys until asked; stores that expire
     * keys by themselves return 0, which is what this default does.
     *
     * @return how many keys were deleted
     * @throws WebhookUnavailableException when the store cannot be reached
     * @since 0.1.0
     */
    default long purgeExpired() {
        return 0;
    }

    /**
     * An in-memory store for one process, retaining completed keys for 7 days and at most
     * 1,000,000 keys. Use a shared store (payhooks-jdbc) when several instances receive webhooks.
     *
     * @return a new store
     */
    static IdempotencyStore inMemory() {
        return inMemoryBuilder().build();
    }

    /**
     * An in-memory store with the given retention.
     *
     * @param retention how long completed keys are remembered
     * @return a new store
     */
    static IdempotencyStore inMemory(Duration retention) {
        return inMemoryBuilder().retention(retention).build();
    }

    /**
     * A builder for an in-memory store with other options: a 7-day retention, 1,000,000 entries
     * and the system clock unless set.
     *
     * <pre>{@code
     * IdempotencyStore store = IdempotencyStore.inMemoryBuilder()
     *         .retention(Duration.ofDays(7)).maxEntries(100_000).build();
     * }</pre>
     *
     * <p>The store is thread-safe and bounded: when {@code maxEntries} keys are held, expired
     * entries are dropped first, then the oldest completed ones; if every entry is an unexpired
     * claim, new claims fail with {@link WebhookUnavailableException} (503) rather than forgetting
     * work in progress. Its state is lost on restart.
     *
     * @return a new builder
     * @since 0.1.0
     */
    static InMemoryBuilder inMemoryBuilder() {
        return new InMemoryBuilder();
    }

    /**
     * Builds an in-memory {@link IdempotencyStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    final class InMemoryBuilder extends InMemoryOptions<InMemoryBuilder> {
        private InMemoryBuilder() {
            super(Duration.ofDays(7));
        }

        /**
         * The store.
         *
         * @return a new, empty, thread-safe store
         */
        public IdempotencyStore build() {
            return new InMemoryIdempotencyStore(clock, retention, maxEntries);
        }
    }
}
