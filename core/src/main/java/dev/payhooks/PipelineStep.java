package dev.payhooks;

import dev.payhooks.inbox.InboxListener;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;

/**
 * A timed step of the pipeline, reported to {@link WebhookListener#onStepCompleted} and
 * {@link InboxListener#onStepCompleted} (and their {@code onStepFailed}), so that a slow
 * verifier, a slow database and a slow handler can be told apart.
 *
 * <p>A {@link WebhookReceiver} reports {@link #VERIFY}, {@link #DECODE}, {@link #FILTER},
 * {@link #CLAIM}, {@link #HANDLE}, {@link #COMPLETE}, {@link #RELEASE} and {@link #ENQUEUE}; an
 * {@link InboxProcessor} reports {@link #DECODE}, {@link #HANDLE}, {@link #COMPLETE},
 * {@link #MARK_RETRY} and {@link #MARK_DEAD}. A step that did not run (no filter registered, a
 * delivery rejected before it got there) is not reported.
 *
 * @since 0.1.0
 */
public enum PipelineStep {
    /** Checking signature and timestamp, including the secret lookup. */
    VERIFY,
    /** Decoding the verified body into an {@link Event}. */
    DECODE,
    /** Running the receiver's filters (reported only when at least one is registered). */
    FILTER,
    /** Claiming the event in the {@link IdempotencyStore}. */
    CLAIM,
    /** Running every handler that matches the event's type, in order, until one throws. */
    HANDLE,
    /** Recording success: {@link IdempotencyStore#complete} or {@link Inbox#markDone}. */
    COMPLETE,
    /** Giving a claim back after a handler failed: {@link IdempotencyStore#release}. */
    RELEASE,
    /** Storing the verified delivery in the {@link Inbox} (inbox mode). */
    ENQUEUE,
    /** Recording a failed attempt and its next due time: {@link Inbox#markRetry}. */
    MARK_RETRY,
    /** Recording the last failed attempt: {@link Inbox#markDead}. */
    MARK_DEAD
}
