/**
 * Configurable HMAC webhook schemes ({@link dev.payhooks.hmac.HmacScheme}) and presets for
 * Standard Webhooks (Svix, Yoco, with Ed25519 {@code v1a} signatures), GitHub, Shopify, Slack and
 * Paddle, each convertible into a core {@link dev.payhooks.spi.WebhookSource}, plus a
 * {@link dev.payhooks.hmac.WebhookSigner} for tests and tools.
 *
 * @since 0.1.0
 */
package dev.payhooks.hmac;
