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

    /**
     * Whether bodies must be well-formed UTF-8 text. When {@code true} (the default) the receiver
     * checks every verified body before calling {@link #decode} and refuses one that is not with
     * {@link dev.payhooks.RejectionReason#MALFORMED_BODY_ENCODING} (400): overlong forms, encoded
     * surrogates, code points above U+10FFFF, sequences cut short (RFC 3629 sections 3 and 4),
     * NUL bytes and UTF-16 or UTF-32 text. JSON exchanged between systems is UTF-8 (RFC 8259
     * section 8.1), and so are form bodies. Return {@code false} only for a provider whose bodies
     * are binary and whose decoder reads nothing from them as text.
     *
     * @return whether the receiver validates the body's encoding before decoding
     */
    default boolean requiresUtf8() {
        return true;
    }
}
