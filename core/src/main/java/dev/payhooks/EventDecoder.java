package dev.payhooks;

/**
 * Turns a verified request into an {@link Event}. Runs only after the signature verified.
 * Implementations are thread-safe, tolerate unknown fields and unknown event types, and let no
 * exception but {@link WebhookDecodingException} escape. {@link JsonEventDecoder} covers every
 * provider whose events are JSON objects.
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
     */
    Event decode(WebhookRequest request, Verification verification);
}
