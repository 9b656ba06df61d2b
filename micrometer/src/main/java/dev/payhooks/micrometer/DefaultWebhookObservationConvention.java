package dev.payhooks.micrometer;

import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookResponse;
import dev.payhooks.micrometer.PayhooksObservationDocumentation.WebhookHighCardinalityKeys;
import dev.payhooks.micrometer.PayhooksObservationDocumentation.WebhookLowCardinalityKeys;
import io.micrometer.common.KeyValues;

import java.util.Optional;

/**
 * The default names and tags of a delivery's observation: name {@code payhooks.webhook.receive},
 * span name {@code payhooks <endpoint>}, the low-cardinality keys of
 * {@link WebhookLowCardinalityKeys} and, for a verified event, the high-cardinality keys of
 * {@link WebhookHighCardinalityKeys}. Extend it to add or change a key. Thread-safe.
 *
 * @since 0.1.0
 */
public class DefaultWebhookObservationConvention implements WebhookObservationConvention {

    /** The observation's name, and so the name of the timer a meter handler makes of it. */
    public static final String NAME = "payhooks.webhook.receive";

    /** A convention with the defaults. */
    public DefaultWebhookObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(WebhookObservationContext context) {
        return "payhooks " + context.endpoint();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WebhookObservationContext context) {
        Optional<WebhookResponse> response = context.response();
        String reason = response.flatMap(WebhookResponse::reason).map(RejectionReason::name)
                .orElse(WebhookObservationContext.NONE);
        String status = response.map(r -> Integer.toString(r.status())).orElse(WebhookObservationContext.NONE);
        return KeyValues.of(
                WebhookLowCardinalityKeys.PROVIDER.withValue(context.provider()),
                WebhookLowCardinalityKeys.ENDPOINT.withValue(context.endpoint()),
                WebhookLowCardinalityKeys.OUTCOME.withValue(context.outcomeValue()),
                WebhookLowCardinalityKeys.REASON.withValue(reason),
                WebhookLowCardinalityKeys.STATUS.withValue(status),
                WebhookLowCardinalityKeys.EVENT_TYPE.withValue(context.boundedEventType()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WebhookObservationContext context) {
        Optional<Event> event = context.response().flatMap(WebhookResponse::event);
        if (event.isEmpty()) {
            return KeyValues.empty();
        }
        KeyValues values = KeyValues.of(WebhookHighCardinalityKeys.EVENT_ID.withValue(event.get().id()));
        Optional<String> tenant = event.get().tenant();
        return tenant.isPresent() ? values.and(WebhookHighCardinalityKeys.TENANT.withValue(tenant.get())) : values;
    }
}
