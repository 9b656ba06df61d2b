package dev.payhooks.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code payhooks.webhook.receive} observation. Replace the
 * {@link DefaultWebhookObservationConvention} (or extend it) with
 * {@link PayhooksObservability.Builder#webhookConvention}, or register one on the
 * {@code ObservationRegistry} as a global convention.
 *
 * <pre>{@code
 * class RegionTagged extends DefaultWebhookObservationConvention {
 *     public KeyValues getLowCardinalityKeyValues(WebhookObservationContext context) {
 *         return super.getLowCardinalityKeyValues(context).and("region", System.getenv("REGION"));
 *     }
 * }
 * }</pre>
 *
 * <p>Keep low-cardinality values bounded: every distinct value is a new time series. Prefer
 * {@link WebhookObservationContext#boundedEventType()} to the raw event type.
 *
 * @since 0.1.0
 */
public interface WebhookObservationConvention extends ObservationConvention<WebhookObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WebhookObservationContext;
    }
}
