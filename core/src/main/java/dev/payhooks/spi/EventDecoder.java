package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookUnavailableException;

/**
 * Turns a verified request into an {@link Event}. Runs only after the signature verified.
 * Implementations are thread-safe, tolerate unknown fields and unknown event types, and let no
 * exception but {@link WebhookDecodingException} escape (and {@link WebhookUnavailableException} when
 * an optional confirmation, such as fetching the event back from the provider, cannot be made now). {@link JsonEventDecoder} covers every
 * provider whose events are JSON objects.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventDecoder {

    /**
     * Decodes the event.
     *
     * @param request the verified request
     * @param verification what verification established (the tenant)
     * @return the event
     * @throws WebhookDecodingException with a reason code when the body is not a usable event
     * @throws WebhookUnavailableException when an optional confirmation cannot be made right now (503)
     */
    Event decode(WebhookRequest request, Verification verification);
}
