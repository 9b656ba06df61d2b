package dev.payhooks.stripe.java;

/**
 * Told about every bound Stripe event whose API version differs from the one the stripe-java on the
 * class path models: count them, tag a metric, raise an alert. It runs on the thread that binds the
 * event (your handler's), once per {@link StripeObjects#bind(dev.payhooks.Event)}; keep it quick. An
 * exception it throws is logged and ignored, so a broken listener never fails a delivery.
 *
 * <pre>{@code
 * StripeObjects objects = StripeObjects.builder()
 *         .endpoint("payments")
 *         .onApiVersionMismatch(mismatch -> meters.counter("stripe.api_version.mismatch",
 *                 "endpoint", mismatch.endpoint(), "event_api_version", mismatch.eventApiVersion()).increment())
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ApiVersionMismatchListener {

    /**
     * Called for one bound event rendered with another API version.
     *
     * @param mismatch the event, the endpoint and the two versions
     */
    void onApiVersionMismatch(ApiVersionMismatch mismatch);
}
