package dev.payhooks.inbox;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookListener;
import dev.payhooks.spi.InboxMessage;
import java.time.Duration;

/**
 * Observes an {@link InboxProcessor}'s work, for metrics and alerting (a dead row needs a human).
 * Storing is reported to {@link WebhookListener}s as {@link Outcome#QUEUED}. Called on worker
 * threads; exceptions are logged and ignored.
 *
 * @since 0.1.0
 */
public interface InboxListener {

    /**
     * A worker started an attempt.
     *
     * @param message the claimed row; {@link InboxMessage#attempts()} is this attempt's number
     */
    default void onStarted(InboxMessage message) {
    }

    /**
     * Every handler succeeded and the row is done.
     *
     * @param message the row
     * @param elapsed time the handlers took
     */
    default void onSucceeded(InboxMessage message, Duration elapsed) {
    }

    /**
     * An attempt failed and another is scheduled.
     *
     * @param message the row
     * @param delay until the next attempt
     * @param failure what the handler threw
     */
    default void onRetryScheduled(InboxMessage message, Duration delay, Throwable failure) {
    }

    /**
     * The last allowed attempt failed; the row is dead until replayed.
     *
     * @param message the row
     * @param failure what the handler threw (or why the row could not be decoded)
     */
    default void onDead(InboxMessage message, Throwable failure) {
    }
}
