/**
 * Receive Stripe webhooks: signature verification of the {@code Stripe-Signature} header, decoding
 * of snapshot (v1) and thin (v2) events, event-type constants and a signer for tests.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *         .on(StripeEventTypes.REFUND_FAILED, event -> refunds.markFailed(event.data(RefundView.class)))
 *         .build();
 * }</pre>
 *
 * <p>Start at {@link dev.payhooks.stripe.StripeWebhooks}; the typed views of Stripe objects are in
 * {@link dev.payhooks.stripe.view}. The null policy is the library's: see {@link dev.payhooks}.
 * Stripe describes the signature scheme in
 * <a href="https://docs.stripe.com/webhooks#verify-manually">Verify webhook signatures manually</a>.
 *
 * @since 0.1.0
 */
package dev.payhooks.stripe;
