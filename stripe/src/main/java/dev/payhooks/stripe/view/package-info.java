/**
 * Typed, read-only views of the Stripe objects merchants handle most, for
 * {@link dev.payhooks.Event#data(Class)}: {@link dev.payhooks.stripe.view.RefundView},
 * {@link dev.payhooks.stripe.view.PaymentIntentView}, {@link dev.payhooks.stripe.view.ChargeView},
 * {@link dev.payhooks.stripe.view.DisputeView} and {@link dev.payhooks.stripe.view.BalanceView}.
 *
 * <p>Each view holds a stable subset of the object's fields; unknown fields are ignored, so a view
 * keeps working on events rendered with any API version. No accessor returns {@code null}: a field
 * Stripe documents as nullable, or that an API version (or a {@code previous_attributes} object)
 * lacks, is an empty string, {@code 0}, {@code false} or an empty collection. Amounts are
 * {@code long} in the currency's minor unit, exactly as Stripe sends them: 1000 is USD 10.00 but JPY
 * 1000. For fields a view lacks, bind your own record or read {@link dev.payhooks.Event#at(String)}.
 *
 * @since 0.1.0
 */
package dev.payhooks.stripe.view;
