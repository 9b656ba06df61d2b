package dev.payhooks.spring.boot.internal;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.Inbox;

/** Adds metrics or tracing to each endpoint's receiver and inbox workers. */
public interface Instrumentation {

    /**
     * Instruments one receiver.
     *
     * @param endpoint the endpoint's name
     * @param builder its receiver's builder
     */
    void receiver(String endpoint, WebhookReceiver.Builder builder);

    /**
     * Instruments one endpoint's inbox and workers.
     *
     * @param endpoint the endpoint's name
     * @param inbox its inbox
     * @param builder its workers' builder
     */
    void inbox(String endpoint, Inbox inbox, InboxProcessor.Builder builder);
}
