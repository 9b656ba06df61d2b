/**
 * The servlet adapter: {@link dev.payhooks.servlet.WebhookFilter} (with an optional pass-through
 * mode) and {@link dev.payhooks.servlet.WebhookServlet}, each built from a configured
 * {@link dev.payhooks.WebhookReceiver}.
 *
 * <pre>{@code
 * ServletContext context = ...;
 * context.addFilter("stripe-webhooks", WebhookFilter.of(receiver))
 *        .addMappingForUrlPatterns(null, false, "/webhooks/stripe");
 * }</pre>
 *
 * @since 0.1.0
 */
package dev.payhooks.servlet;
