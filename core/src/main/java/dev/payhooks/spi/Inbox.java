package dev.payhooks.spi;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.internal.InMemoryInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A durable store of verified deliveries, for answering the provider at once and processing on
 * workers (the transactional inbox). With an inbox, {@link WebhookReceiver#receive} verifies,
 * decodes, filters and {@linkplain #store stores} the delivery, and answers 200 only once the row
 * is committed; an {@link InboxProcessor} claims due rows, runs the handlers and records the result.
 *
 * <p>Nothing is acknowledged that is not stored: a store that fails throws
 * {@link WebhookUnavailableException} and the provider is answered 503. Rows are claimed with a
 * lease and a token, so a worker that dies leaves its rows to be claimed again after the lease,
 * and a worker whose lease was taken over can no longer change them. Implementations are
 * thread-safe; payhooks provides {@link #inMemory()} (tests, one process) and a JDBC inbox in
 * payhooks-jdbc (PostgreSQL, H2; several instances share it). Every implementation should pass
 * the contract test class of the {@code dev.payhooks:payhooks-testkit} artifact
 * ({@code dev.payhooks.testkit.contract.InboxContract}).
 *
 * @since 0.1.0
 */
public interface Inbox extends DeliveryHandoff {

    /**
     * Stores a verified delivery unless one with the same provider, tenant and idempotency key is
     * already stored.
     *
     * @param message the delivery ({@link InboxMessage.Status#PENDING}, no attempts); its id is
     *                ignored, the inbox assigns one
     * @return {@code true} if stored now, {@code false} if it was a duplicate
     * @throws WebhookUnavailableException when the inbox cannot be written
     */
    boolean store(InboxMessage message);

    /**
     * {@link #store Stores} the message; the inbox needs nothing from the event.
     *
     * @param message the delivery
     * @param event the decoded event (not used)
     * @return {@code true} if stored now, {@code false} if it was a duplicate
     * @throws WebhookUnavailableException when the inbox cannot be written
     */
    @Override
    default boolean handOff(InboxMessage message, dev.payhooks.Event event) {
        return store(message);
    }

    /**
     * Claims up to {@code max} rows that are due: pending rows whose next attempt time has come,
     * and running rows whose lease expired. Each claimed row becomes {@link InboxMessage.Status#RUNNING}
     * with a new token, and its attempt count goes up by one.
     *
     * @param max the most rows to claim; at least 1
     * @param lease how long the claim holds
     * @return the claimed rows, oldest first; possibly empty
     * @throws WebhookUnavailableException when the inbox cannot be reached
     */
    List<InboxMessage> claimDue(int max, Duration lease);

    /**
     * Records success, if the message's token still holds the row.
     *
     * @param message a message returned by {@link #claimDue}
     * @return whether the row changed
     */
    boolean markDone(InboxMessage message);

    /**
     * Records a failed attempt and schedules the next one after {@code delay}, if the token still
     * holds the row.
     *
     * @param message a message returned by {@link #claimDue}
     * @param delay how long until the next attempt
     * @param error the failure: exception class and message, never the body
     * @return whether the row changed
     */
    boolean markRetry(InboxMessage message, Duration delay, String error);

    /**
     * Records the final failure, if the token still holds the row.
     *
     * @param message a message returned by {@link #claimDue}
     * @param error the failure: exception class and message, never the body
     * @return whether the row changed
     */
    boolean markDead(InboxMessage message, String error);

    /**
     * Gives a claimed row back without counting the attempt (graceful shutdown), if the token
     * still holds it.
     *
     * @param message a message returned by {@link #claimDue}
     * @return whether the row changed
     */
    boolean release(InboxMessage message);

    /**
     * Dead rows, oldest first.
     *
     * @param limit the most rows to return
     * @return the dead rows
     */
    List<InboxMessage> listDead(int limit);

    /**
     * Makes a dead row pending again, due now, with its attempts reset. The delivery is not
     * verified again: it was verified when it arrived, which is what the name says.
     *
     * @param id the row id
     * @return whether a dead row with that id was found
     */
    boolean replayDeadWithoutReverifying(String id);

    /**
     * Makes every dead row pending again; see {@link #replayDeadWithoutReverifying(String)}.
     *
     * @return how many rows were replayed
     */
    int replayAllDeadWithoutReverifying();

    /**
     * Deletes done rows completed longer ago than {@code retention}. Keep the retention longer
     * than the provider retries, or a late redelivery is stored and processed again.
     *
     * @param retention how long done rows are kept
     * @return how many rows were deleted
     */
    int purgeDone(Duration retention);

    /**
     * Counts rows by state and finds the oldest pending one, for gauges (payhooks-micrometer polls
     * it when metrics are scraped) and health checks. It may run a query: call it every few
     * seconds at most, not per delivery.
     *
     * <p>The default returns empty, meaning "this inbox cannot tell"; {@link #inMemory()} implements
     * it. An implementation answers from one consistent snapshot where it can.
     *
     * @return the counts, or empty when this inbox does not report them
     * @throws WebhookUnavailableException when the inbox cannot be reached
     */
    default Optional<InboxStats> stats() {
        return Optional.empty();
    }

    /**
     * An inbox in this process's memory, for tests and single-process tools: rows are lost on
     * restart, so a production receiver that answers before processing needs a durable inbox
     * (payhooks-jdbc). Thread-safe.
     *
     * @return a new, empty inbox on the system clock
     * @since 0.1.0
     */
    static Inbox inMemory() {
        return new InMemoryInbox(Clock.systemUTC());
    }

    /**
     * An in-memory inbox whose due times and leases follow the given clock (inject one in tests).
     *
     * @param clock the clock
     * @return a new, empty inbox
     * @since 0.1.0
     */
    static Inbox inMemory(Clock clock) {
        return new InMemoryInbox(java.util.Objects.requireNonNull(clock, "clock"));
    }
}
