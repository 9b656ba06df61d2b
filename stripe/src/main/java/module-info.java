/**
 * payhooks for Stripe: {@code Stripe-Signature} verification, decoding of Stripe's snapshot (v1) and
 * thin (v2, event destination) events, typed read-only views of the objects merchants handle most,
 * and a signer for tests.
 *
 * <p>Start at {@link dev.payhooks.stripe.StripeWebhooks}: {@code source(secret)} for a receiver,
 * {@code builder()} for rotation, tenants and tolerance, {@code signer(secret)} for tests. The module
 * also registers Stripe as a {@link dev.payhooks.spi.WebhookProvider} named {@code stripe}.
 * {@code dev.payhooks.stripe.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.stripe {
    requires transitive dev.payhooks;
    // The views carry @JsonProperty so Stripe's snake_case member names bind to Java names.
    requires com.fasterxml.jackson.annotation;
    // Sample events for tools (StripeProvider); no Jackson type is exported.
    requires com.fasterxml.jackson.databind;

    exports dev.payhooks.stripe;
    exports dev.payhooks.stripe.view;

    // Core binds event data to the views reflectively through Jackson.
    opens dev.payhooks.stripe.view to com.fasterxml.jackson.databind;

    provides dev.payhooks.spi.WebhookProvider with dev.payhooks.stripe.internal.StripeProvider;
}
