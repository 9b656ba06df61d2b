/**
 * Receive webhooks in a Spring WebFlux application: declare a
 * {@link dev.payhooks.spring.webflux.WebhookWebFilter} bean for the webhook path(s).
 *
 * @since 0.1.0
 */
package dev.payhooks.spring.webflux;
