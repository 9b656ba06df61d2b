package dev.payhooks.hmac;

import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;

import java.util.List;

/**
 * Decodes with the {@link JsonEventDecoder} matching the spelling of the message-id header the
 * request used ({@code webhook-id} or {@code svix-id}), so the idempotency key is the message id
 * whichever spelling the sender chose. Thread-safe.
 */
final class SchemeDecoder implements EventDecoder {

    private final String provider;
    private final List<String> messageIdHeaders;
    private final JsonEventDecoder[] decoders;

    SchemeDecoder(String provider, List<String> messageIdHeaders, JsonEventDecoder[] decoders) {
        this.provider = provider;
        this.messageIdHeaders = messageIdHeaders;
        this.decoders = decoders.clone();
    }

    @Override
    public Event decode(WebhookRequest request, Verification verification) {
        int variant = 0;
        for (int k = 0; k < messageIdHeaders.size(); k++) {
            if (!request.headers(messageIdHeaders.get(k)).isEmpty()) {
                variant = k;
                break;
            }
        }
        return decoders[variant].decode(request, verification);
    }

    @Override
    public String toString() {
        return "HmacScheme.decoder[" + provider + "]";
    }
}
