/**
 * Receive Omise (Opn Payments) webhooks.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(OmiseWebhooks.source(System.getenv("OMISE_WEBHOOK_SECRET")))
 *         .on(OmiseEventKeys.CHARGE_COMPLETE, event -> orders.paid(ChargeView.of(event)))
 *         .build();
 * }</pre>
 *
 * <p>Start at {@link dev.payhooks.omise.OmiseWebhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.omise;

