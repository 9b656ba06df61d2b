/**
 * payhooks generic-hmac: providers that sign with an HMAC (or Standard Webhooks' Ed25519),
 * described as data. {@link dev.payhooks.hmac.HmacScheme} describes a signature,
 * {@link dev.payhooks.hmac.HmacWebhooks} a provider (scheme, event envelope, tolerance) and hands out
 * its sources and signers, and {@link dev.payhooks.hmac.HmacPresets} holds Standard Webhooks (Svix),
 * Yoco, GitHub, Shopify, Slack and Paddle. Each preset is registered as a
 * {@link dev.payhooks.spi.WebhookProvider} under its name. {@code dev.payhooks.hmac.internal} is not
 * exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.hmac {
    requires transitive dev.payhooks;
    // Sample events for tools (PresetProvider); no Jackson type is exported.
    requires com.fasterxml.jackson.databind;

    exports dev.payhooks.hmac;

    provides dev.payhooks.spi.WebhookProvider with
            dev.payhooks.hmac.internal.PresetProvider.StandardWebhooks,
            dev.payhooks.hmac.internal.PresetProvider.Yoco,
            dev.payhooks.hmac.internal.PresetProvider.GitHub,
            dev.payhooks.hmac.internal.PresetProvider.Shopify,
            dev.payhooks.hmac.internal.PresetProvider.Slack,
            dev.payhooks.hmac.internal.PresetProvider.Paddle;
}
