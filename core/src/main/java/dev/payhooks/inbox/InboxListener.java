package dev.payhooks.inbox;

import dev.payhooks.Outcome;
import dev.payhooks.PipelineStep;
import dev.payhooks.WebhookListener;
import dev.payhooks.spi.InboxMessage;
import java.time.Duration;

/**
 * Observes an {@link InboxProcessor}'s work, for metrics and alerting (a dead row needs a human).
 * Storing is reported to {@link WebhookListener}s as {@link Outcome#QUEUED}. Called on worker
 * threads; exceptions are logged and ignored.
 *
 * <p>For one attempt the processor calls, on the thread that runs it: {@link #onStarted}, then
 * {@link #onStepCompleted} or {@link #onStepFailed} for each {@link PipelineStep} that ran
 * ({@link PipelineStep#DECODE}, {@link PipelineStep#HANDLE}, then {@link PipelineStep#COMPLETE},
 * {@link PipelineStep#MARK_RETRY} or {@link PipelineStep#MARK_DEAD}), then exactly one of
 * {@link #onSucceeded}, {@link #onRetryScheduled}, {@link #onDead} and {@link #onAborted}.
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

    /**
     * A step of an attempt returned normally.
     *
     * @param message the row
     * @param step the step
     * @param elapsed how long it took, measured with the processor's clock
     */
    default void onStepCompleted(InboxMessage message, PipelineStep step, Duration elapsed) {
    }

    /**
     * A step of an attempt threw: the row no longer decodes, a handler threw, or the inbox could
     * not record the result.
     *
     * @param message the row
     * @param step the step
     * @param elapsed how long it took until it threw, measured with the processor's clock
     * @param failure what it threw
     */
    default void onStepFailed(InboxMessage message, PipelineStep step, Duration elapsed, Throwable failure) {
    }

    /**
     * The attempt ended without its result being recorded: the inbox threw while recording it
     * (it is unavailable), or an {@link Error} escaped. The row stays claimed until its lease
     * expires and is then attempted again; the exception propagates after this call (to
     * {@link InboxProcessor#runOnce()}'s caller, or to the worker thread). A listener that holds
     * state from {@link #onStarted} releases it here.
     *
     * @param message the row
     * @param failure what was thrown
     */
    default void onAborted(InboxMessage message, Throwable failure) {
    }
}
