package dev.payhooks.spring.boot.internal;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.micrometer.PayhooksObservability;
import dev.payhooks.spi.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The payhooks-micrometer instrumentation of every endpoint, when Micrometer and a
 * {@link MeterRegistry} bean exist; loaded only when both are on the class path.
 */
public final class MicrometerSupport implements Instrumentation {

    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<ObservationRegistry> observations;
    private PayhooksObservability observability;
    private boolean resolved;

    /**
     * Creates the instrumentation; the registries are looked up when the first endpoint is built.
     *
     * @param meters the application's meter registry, if any
     * @param observations the application's observation registry, if any
     */
    public MicrometerSupport(ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
        this.meters = meters;
        this.observations = observations;
    }

    private synchronized PayhooksObservability observability() {
        if (!resolved) {
            resolved = true;
            MeterRegistry meterRegistry = meters.getIfUnique();
            if (meterRegistry != null) {
                ObservationRegistry observationRegistry = observations.getIfUnique();
                observability = observationRegistry != null ? PayhooksObservability.of(observationRegistry, meterRegistry)
                        : PayhooksObservability.of(meterRegistry);
            }
        }
        return observability;
    }

    @Override
    public void receiver(String endpoint, WebhookReceiver.Builder builder) {
        PayhooksObservability o = observability();
        if (o != null) {
            builder.listener(o.webhookListener(endpoint));
        }
    }

    @Override
    public void inbox(String endpoint, Inbox inbox, InboxProcessor.Builder builder) {
        PayhooksObservability o = observability();
        if (o != null) {
            builder.listener(o.inboxListener());
            o.bindInbox(endpoint, inbox);
        }
    }
}
