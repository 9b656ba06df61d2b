package dev.payhooks.inbox;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.CoreAccess;
import dev.payhooks.spi.DeliveryHandoff;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.Verification;

import java.util.List;
import java.util.Objects;

/**
 * What a worker outside core needs to process a delivery that a receiver verified and
 * {@linkplain DeliveryHandoff handed off}: decode it again <em>without verifying it again</em>
 * (the signature headers were not kept, and the delivery was verified on arrival) and run the
 * receiver's handlers for it. {@link InboxProcessor} does the same for an inbox; payhooks-kafka's
 * worker uses this class for records read from a topic.
 *
 * <p>Only pass deliveries that came from a receiver's hand-off: whatever is decoded here is
 * trusted as verified, which is what the method names say. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class VerifiedDeliveries {

    private VerifiedDeliveries() {
    }

    /**
     * Decodes a handed-off delivery with the receiver's decoder, without verifying it again.
     *
     * @param receiver the receiver that verified the delivery
     * @param message the delivery as it was handed off
     * @return the event
     * @throws WebhookDecodingException when it no longer decodes (the decoder's configuration changed)
     * @throws WebhookUnavailableException when the decoder needs a service that is down
     */
    public static Event decodeWithoutReverifying(WebhookReceiver receiver, InboxMessage message) {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(message, "message");
        return CoreAccess.receiver().source(receiver).decoder().decode(message.toRequest(),
                Verification.forTenant(message.tenant().isEmpty() ? null : message.tenant()));
    }

    /**
     * Runs the receiver's handlers for the event's type on the calling thread (exact ones, then
     * prefix ones, else the fallback), stopping at the first that throws.
     *
     * @param receiver the receiver whose handlers run
     * @param event the event, from {@link #decodeWithoutReverifying}
     * @return how many handlers ran (0 when none matches the type)
     * @throws Exception what the first failing handler threw
     */
    public static int runHandlers(WebhookReceiver receiver, Event event) throws Exception {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(event, "event");
        List<EventHandler> handlers = CoreAccess.receiver().route(receiver, event.type());
        for (EventHandler handler : handlers) {
            handler.handle(event);
        }
        return handlers.size();
    }
}
