package dev.payhooks;

/**
 * Handles one verified, deduplicated event. Returning normally marks the delivery completed
 * (200); throwing releases the claim and answers 500, so the provider's retry runs it again.
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
     * @throws Exception to fail the delivery (the provider retries)
     */
    void handle(Event event) throws Exception;
}
