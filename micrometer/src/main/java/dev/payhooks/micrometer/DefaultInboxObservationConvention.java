package dev.payhooks.micrometer;

import dev.payhooks.micrometer.PayhooksObservationDocumentation.InboxHighCardinalityKeys;
import dev.payhooks.micrometer.PayhooksObservationDocumentation.InboxLowCardinalityKeys;
import dev.payhooks.spi.InboxMessage;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of an inbox attempt's observation: name
 * {@code payhooks.inbox.attempt}, span name {@code payhooks inbox <provider>}, the keys of
 * {@link InboxLowCardinalityKeys} and {@link InboxHighCardinalityKeys}. Extend it to add or change
 * a key. Thread-safe.
 *
 * @since 0.1.0
 */
public class DefaultInboxObservationConvention implements InboxObservationConvention {

    /** The observation's name, and so the name of the timer a meter handler makes of it. */
    public static final String NAME = "payhooks.inbox.attempt";

    /** A convention with the defaults. */
    public DefaultInboxObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(InboxObservationContext context) {
        return "payhooks inbox " + context.message().provider();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(InboxObservationContext context) {
        return KeyValues.of(
                InboxLowCardinalityKeys.PROVIDER.withValue(context.message().provider()),
                InboxLowCardinalityKeys.EVENT_TYPE.withValue(context.boundedEventType()),
                InboxLowCardinalityKeys.OUTCOME.withValue(context.result().map(Enum::name).orElse("UNKNOWN")));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(InboxObservationContext context) {
        InboxMessage message = context.message();
        KeyValues values = KeyValues.of(
                InboxHighCardinalityKeys.EVENT_ID.withValue(message.eventId()),
                InboxHighCardinalityKeys.ROW.withValue(message.id()),
                InboxHighCardinalityKeys.ATTEMPT.withValue(Integer.toString(message.attempts())));
        return message.tenant().isEmpty() ? values : values.and(InboxHighCardinalityKeys.TENANT.withValue(message.tenant()));
    }
}
