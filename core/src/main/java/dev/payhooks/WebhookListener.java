package dev.payhooks;

import java.time.Duration;

/**
 * Observes every delivery, for metrics and audit. Called on the request thread; keep it fast.
 * An exception thrown by a listener is logged and ignored: it never changes the answer.
 *
 * <pre>{@code
 * WebhookListener metrics = new WebhookListener() {
 *     public void onCompleted(WebhookResponse response, Duration elapsed) {
 *         registry.timer("webhooks", "outcome", response.outcome().name()).record(elapsed);
 *     }
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
public interface WebhookListener {

    /**
     * A delivery arrived (before verification: do not trust its content).
     *
     * @param request the request
     */
    default void onReceived(WebhookRequest request) {
    }

    /**
     * A delivery was answered: received, rejected (with {@link WebhookResponse#reason()}),
     * filtered, duplicate, in progress, handled, failed or unavailable.
     *
     * @param response the answer, with outcome, reason and event
     * @param elapsed time spent in the receiver, measured with its clock
     */
    default void onCompleted(WebhookResponse response, Duration elapsed) {
    }
}
