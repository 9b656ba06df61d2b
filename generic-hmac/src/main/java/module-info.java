/**
 * payhooks generic-hmac: configurable HMAC signature schemes and presets (Standard Webhooks with
 * Svix and Yoco, GitHub, Shopify, Slack, Paddle). {@code dev.payhooks.hmac.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.hmac {
    requires transitive dev.payhooks;

    exports dev.payhooks.hmac;
}
