package dev.payhooks.spi;

import dev.payhooks.WebhookUnavailableException;

/**
 * An {@link Inbox} that can mark a claimed row done inside the transaction its handlers write in,
 * for {@link TransactionalEventHandler}s: the worker's attempt is the transaction. Where
 * {@link Inbox#markDone} would follow the handlers, the {@code InboxProcessor} calls
 * {@link #markDoneWithin} instead.
 *
 * <p>An implementation opens a transaction, marks the row done in it first (fenced by the
 * message's claim token, as {@code markDone} is; a row whose lease was taken over changes nothing
 * and the work does not run), runs the work on the calling thread, and commits. When the work
 * throws it rolls back and rethrows; the processor then schedules a retry as for any failed
 * attempt. A worker that dies before the commit leaves the row running, to be claimed again after
 * its lease, with none of its writes.
 *
 * @since 0.1.0
 */
public interface TransactionalInbox extends Inbox {

    /**
     * Marks the row done and runs the work, in one transaction.
     *
     * @param message a message returned by {@link #claimDue}
     * @param work the handlers
     * @return {@code true} when the work ran and committed; {@code false} when the token no longer
     *         holds the row (nothing ran)
     * @throws WebhookUnavailableException when the database fails (nothing committed)
     * @throws Exception what the work threw, unchanged, after the rollback
     */
    boolean markDoneWithin(InboxMessage message, TransactionWork work) throws Exception;
}
