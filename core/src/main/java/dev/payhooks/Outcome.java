package dev.payhooks;

import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.Inbox;

/**
 * What the receiver did with one delivery. Each outcome maps to a status in {@link ResponsePolicy}.
 *
 * @since 0.1.0
 */
public enum Outcome {
    /** Every matching handler ran and returned normally; the delivery is recorded as completed. */
    HANDLED,
    /** The event was already completed: acknowledged without running a handler again. */
    DUPLICATE,
    /** Another worker holds an unexpired claim on this event: the provider should retry later. */
    IN_PROGRESS,
    /** A filter dropped the event (not ours, wrong mode, ...): acknowledged, no handler ran. */
    FILTERED,
    /** No handler and no fallback is registered for the event type: acknowledged. */
    UNHANDLED,
    /**
     * The ordering guard ({@link Ordering}) found the event older than one already handled for
     * its object, and the policy is {@link OrderingPolicy#SKIP}: acknowledged (so the provider
     * stops retrying), no handler ran; {@link WebhookResponse#detail()} says which event is newer.
     *
     * @since 0.1.0
     */
    STALE,
    /** The request failed verification or decoding; see {@link WebhookResponse#reason()}. */
    REJECTED,
    /**
     * Inbox mode: the verified delivery was stored durably for asynchronous processing; workers
     * ({@link InboxProcessor}) run the handlers later.
     */
    QUEUED,
    /** A handler (or filter) threw; the claim was released so the provider's retry runs it again. */
    FAILED,
    /**
     * A dependency (idempotency store, secret lookup, or one a handler reported by throwing
     * {@link WebhookUnavailableException}) was unavailable: the provider should retry.
     */
    UNAVAILABLE,
    /**
     * The receiver was at its limit (too many deliveries in progress, or the {@link MemoryBudget}
     * for request bodies exhausted) and answered at once, without reading further or verifying:
     * the provider should retry later. Nothing ran.
     */
    OVERLOADED
}
