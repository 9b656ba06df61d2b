/**
 * Providers that sign with an HMAC, described as data: {@link dev.payhooks.hmac.HmacScheme} (the
 * signature), {@link dev.payhooks.hmac.HmacWebhooks} (a provider: scheme, event envelope, tolerance;
 * its sources and signers) and {@link dev.payhooks.hmac.HmacPresets} (Standard Webhooks with Svix
 * and Yoco, with Ed25519 {@code v1a} signatures; GitHub; Shopify; Slack; Paddle).
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(HmacPresets.yoco().source(System.getenv("YOCO_WEBHOOK_SECRET")))
 *         .on("payment.succeeded", event -> orders.markPaid(event.attribute("checkoutId").orElseThrow()))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
package dev.payhooks.hmac;
