package dev.payhooks.spi;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.InMemoryObjectVersionStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Remembers, per provider object, the newest event handled for it, so that an older event that
 * arrives late (providers deliver out of order and retry for days) never overwrites a newer
 * state. Used by the ordering guard ({@link dev.payhooks.Ordering}).
 *
 * <p>The protocol, for one event of one object: {@link #claim} compares the event's version with
 * the stored one and, when it is newer or ties, holds the object for a lease (one event of an
 * object is handled at a time, so an older event's handler can never run after a newer one's
 * finished). After the handlers succeed the caller {@link #advance}s: the stored version becomes
 * the event's if it is newer ("advance if newer", in one atomic step, never read-then-write) and
 * the hold ends. When a handler throws, the caller {@link #release}s, and the stored version is
 * unchanged, so the provider's retry of the same event is not mistaken for an old one.
 *
 * <p>Implementations are thread-safe and atomic across every process that shares them. Failures
 * of the backing store are reported as {@link WebhookUnavailableException} (the receiver answers
 * 503). Every implementation should pass the test kit's
 * {@code dev.payhooks.testkit.contract.ObjectVersionStoreContract}.
 *
 * @since 0.1.0
 */
public interface ObjectVersionStore {

    /**
     * Compares an event's version with the stored one and, if it is newer or ties, holds the
     * object for the lease.
     *
     * @param key the object
     * @param version the event's version
     * @param lease how long the hold lasts without {@link #advance} or {@link #release}; positive
     * @return {@link VersionClaim.Claimed}, {@link VersionClaim.Older} or {@link VersionClaim.Busy}
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease);

    /**
     * Records a handled event: the stored version becomes {@code version} if that is newer than
     * the stored one (never older, even when the hold was lost), and the hold of {@code token}, if
     * it still holds the object, ends.
     *
     * @param key the object
     * @param version the handled event's version
     * @param token the token from {@link VersionClaim.Claimed}
     * @return {@code true} if the token still held the object; {@code false} if its lease passed
     *         and another event took the object over (the version still advanced if newer)
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token);

    /**
     * Ends a hold without changing the stored version, after a handler failed.
     *
     * @param key the object
     * @param token the token from {@link VersionClaim.Claimed}
     * @return {@code true} if the token still held the object
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    boolean release(ObjectKey key, ClaimToken token);

    /**
     * The newest version handled for an object, for diagnostics and tests.
     *
     * @param key the object
     * @return the stored version, or empty when none is stored
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    Optional<ObjectVersion> current(ObjectKey key);

    /**
     * Deletes versions not advanced within the retention, and holds long expired. Schedule it (for
     * example daily) for stores that keep rows until asked; this default deletes nothing.
     *
     * @return how many objects were forgotten
     * @throws WebhookUnavailableException when the store cannot be reached
     */
    default long purgeExpired() {
        return 0;
    }

    /**
     * An in-memory store for one process: versions kept 30 days after their last advance, at most
     * 1,000,000 objects. Use a shared store (payhooks-jdbc) when several instances receive
     * webhooks.
     *
     * @return a new store
     */
    static ObjectVersionStore inMemory() {
        return inMemoryBuilder().build();
    }

    /**
     * A builder for an in-memory store.
     *
     * @return a new builder
     */
    static InMemoryBuilder inMemoryBuilder() {
        return new InMemoryBuilder();
    }

    /**
     * Builds an in-memory {@link ObjectVersionStore}. Not thread-safe; the product is.
     *
     * <p>When {@code maxEntries} objects are held, the least recently advanced object without a
     * live hold is forgotten first; if every object is held, a new claim fails with
     * {@link WebhookUnavailableException} (503). Its state is lost on restart.
     *
     * @since 0.1.0
     */
    final class InMemoryBuilder extends InMemoryOptions<InMemoryBuilder> {
        private InMemoryBuilder() {
            super(Duration.ofDays(30));
        }

        /**
         * The store.
         *
         * @return a new, empty, thread-safe store
         */
        public ObjectVersionStore build() {
            return new InMemoryObjectVersionStore(clock, retention, maxEntries);
        }
    }
}
