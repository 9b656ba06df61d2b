/**
 * payhooks for Omise (Opn Payments): {@code Omise-Signature} verification, Omise event decoding,
 * event-key constants, read-only views of charges, refunds, transfers and disputes, an optional
 * fetch-back confirmation hook and a signer for tests.
 *
 * <p>Start at {@link dev.payhooks.omise.OmiseWebhooks}: {@code source(secret)} for a receiver,
 * {@code builder()} for rotation, tenants, tolerance and confirmation, {@code signer(secret)} for
 * tests. The module also registers Omise as a {@link dev.payhooks.spi.WebhookProvider} named
 * {@code omise}. Depends on payhooks core only; {@code dev.payhooks.omise.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.omise {
    requires transitive dev.payhooks;
    // Sample events for tools (OmiseProvider); no Jackson type is exported.
    requires com.fasterxml.jackson.databind;

    exports dev.payhooks.omise;

    provides dev.payhooks.spi.WebhookProvider with dev.payhooks.omise.internal.OmiseProvider;
}
