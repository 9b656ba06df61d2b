package dev.payhooks.stripe;

/**
 * Fetches the full object behind a thin event with the merchant's own Stripe client. payhooks never
 * calls Stripe's API itself: it has no API key and adds no HTTP client.
 *
 * <pre>{@code
 * // with stripe-java
 * RelatedObjectFetcher<Meter> meters = ref -> stripeClient.billing().meters().retrieve(ref.id());
 * receiver.on("v1.billing.meter.error_report_triggered",
 *         event -> StripeEvents.fetchRelatedObject(event, meters).ifPresent(alerts::meterFailed));
 * }</pre>
 *
 * <p>An exception thrown here propagates out of your handler, so the receiver answers 500 and Stripe
 * retries the delivery later: the right outcome when Stripe's API is briefly unreachable.
 *
 * @param <T> the type your client returns
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RelatedObjectFetcher<T> {

    /**
     * Fetches the object.
     *
     * @param relatedObject the reference from the thin event
     * @return the object
     */
    T fetch(StripeRelatedObject relatedObject);
}
