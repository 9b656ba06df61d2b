package dev.payhooks.spi;

/**
 * An event's handlers, run by a {@link TransactionalIdempotencyStore} or a
 * {@link TransactionalInbox} inside the transaction that also records the event as done.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TransactionWork {

    /**
     * Runs the handlers on the calling thread, inside the open transaction.
     *
     * @throws Exception what a handler threw; the transaction must then be rolled back
     */
    void run() throws Exception;
}
