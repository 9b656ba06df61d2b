/**
 * payhooks for Omise (Opn Payments): {@code Omise-Signature} verification, Omise event decoding,
 * event-key constants, read-only views of charges, refunds, transfers and disputes, an optional
 * fetch-back confirmation hook and a signer for tests.
 *
 * <p>Depends on payhooks core only; {@code dev.payhooks.omise.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks.omise {
    requires transitive dev.payhooks;

    exports dev.payhooks.omise;
}
