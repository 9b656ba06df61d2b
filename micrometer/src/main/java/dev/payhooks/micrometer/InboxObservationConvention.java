package dev.payhooks.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code payhooks.inbox.attempt} observation. Replace the
 * {@link DefaultInboxObservationConvention} (or extend it) with
 * {@link PayhooksObservability.Builder#inboxConvention}, or register one on the
 * {@code ObservationRegistry} as a global convention.
 *
 * @since 0.1.0
 */
public interface InboxObservationConvention extends ObservationConvention<InboxObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof InboxObservationContext;
    }
}
