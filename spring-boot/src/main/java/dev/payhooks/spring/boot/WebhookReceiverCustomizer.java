package dev.payhooks.spring.boot;

import dev.payhooks.WebhookReceiver;

/**
 * A bean that sees each endpoint's {@link WebhookReceiver.Builder} last, after the starter has
 * applied the properties, the store or inbox, the handlers, filters and listeners: for anything
 * the properties do not cover ({@code lease}, {@code maxConcurrentDeliveries}, a clock in tests).
 * Several customizers run in their {@code @Order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebhookReceiverCustomizer {

    /**
     * Customizes one endpoint's receiver before it is built.
     *
     * @param endpoint the endpoint's name, as in {@code payhooks.endpoints.<name>}
     * @param builder the builder
     */
    void customize(String endpoint, WebhookReceiver.Builder builder);
}
