/**
 * Stripe events bound to stripe-java's model classes: {@link dev.payhooks.stripe.java.StripeObjects}
 * binds a verified event's {@code data.object} and {@code data.previous_attributes} with stripe-java's
 * own deserializer and reports an API-version mismatch ({@link dev.payhooks.stripe.java.ApiVersionMismatch});
 * {@link dev.payhooks.stripe.java.StripeClientFetcher} fetches a thin event's related object with
 * stripe-java's {@code StripeClient}.
 *
 * <p>The null policy of {@link dev.payhooks} applies: no method accepts or returns {@code null} unless
 * it says so.
 *
 * @since 0.1.0
 */
package dev.payhooks.stripe.java;
