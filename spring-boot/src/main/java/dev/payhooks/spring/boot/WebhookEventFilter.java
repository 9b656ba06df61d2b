package dev.payhooks.spring.boot;

import dev.payhooks.Event;

/**
 * A bean that drops verified events an application does not want, for every endpoint (see
 * {@link dev.payhooks.WebhookReceiver.Builder#filter}). A dropped event is answered 200 and reaches
 * no handler. Yoco, for example, sends every payment event of an account and asks you to handle
 * only your own checkouts.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebhookEventFilter {

    /**
     * Whether to handle this event.
     *
     * @param endpoint the endpoint's name, as in {@code payhooks.endpoints.<name>}
     * @param event the verified event
     * @return {@code true} to keep it
     */
    boolean keep(String endpoint, Event event);
}
