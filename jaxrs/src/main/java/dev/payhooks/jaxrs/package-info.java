/**
 * Receive webhooks in a Jakarta REST application: register a {@link dev.payhooks.jaxrs.WebhookRequestFilter}
 * for the webhook path(s).
 *
 * @since 0.1.0
 */
package dev.payhooks.jaxrs;
