package dev.payhooks.spi;

import dev.payhooks.WebhookUnavailableException;

/**
 * An {@link IdempotencyStore} that can record an event as completed inside the transaction its
 * handlers write in, for {@link TransactionalEventHandler}s. The receiver then does not
 * {@code claim}, {@code complete} or {@code release}: it calls {@link #completeWithin} once.
 *
 * <p>An implementation opens a transaction, records the key as completed in it <em>before</em>
 * running the work (so that a concurrent delivery of the same key meets that record and waits or
 * gives up before it runs any handler), runs the work on the calling thread, and commits. When the
 * work throws it rolls back, so neither the record nor anything the handlers wrote survives, and
 * rethrows what the work threw. A process that dies before the commit leaves nothing behind: the
 * database aborts its transaction, and the provider's retry runs the event again. No lease is
 * involved.
 *
 * <p>Implementations are thread-safe. payhooks-jdbc's {@code JdbcIdempotencyStore} implements it;
 * an integration with a framework's transaction manager (Spring's) can too.
 *
 * @since 0.1.0
 */
public interface TransactionalIdempotencyStore extends IdempotencyStore {

    /**
     * What {@link #completeWithin} did.
     *
     * @since 0.1.0
     */
    enum Result {
        /** The work ran and its writes committed together with the completion record. */
        COMMITTED,
        /** The key was already completed: nothing ran, nothing changed (a duplicate, 200). */
        ALREADY_COMPLETED,
        /**
         * Another delivery holds the key (an unexpired claim of an ordinary dispatch, or a
         * concurrent transaction that could not be waited for): nothing ran, nothing changed (409).
         */
        IN_PROGRESS
    }

    /**
     * Records the key as completed and runs the work, in one transaction.
     *
     * @param key the scoped key
     * @param work the handlers
     * @return what happened
     * @throws WebhookUnavailableException when the database fails (nothing committed, or, if the
     *         failure hit the commit itself, possibly everything: a retry then finds the key
     *         completed)
     * @throws Exception what the work threw, unchanged, after the rollback
     */
    Result completeWithin(IdempotencyKey key, TransactionWork work) throws Exception;
}
