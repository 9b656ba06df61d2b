package dev.payhooks;

/**
 * Handles one verified, deduplicated event. Returning normally marks the delivery completed
 * (200); throwing releases the claim and answers 500, so the provider's retry runs it again. Throw
 * {@link WebhookUnavailableException} when a dependency of the handler (a provider's API, a
 * database) is briefly unreachable: the claim is released as well and the answer is 503
 * ({@link Outcome#UNAVAILABLE}, with {@code Retry-After}).
 *
 * <p>A handler may run more than once for one event if it crashes after an external side effect;
 * pass {@link Event#id()} downstream as an idempotency key.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles the event.
     *
     * @param event the event
     * @throws WebhookUnavailableException when a dependency is unavailable (503; the provider retries)
     * @throws Exception to fail the delivery (500; the provider retries)
     */
    void handle(Event event) throws Exception;
}
