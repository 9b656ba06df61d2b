package dev.payhooks.spi;

import dev.payhooks.Event;
import java.util.Objects;

/**
 * One provider's verifier and decoder, as a unit the receiver is built from. Provider modules hand
 * these out ({@code StripeWebhooks.source(secret)}); write your own for a provider we do not cover.
 *
 * @param provider the provider's short name ({@code "stripe"}); scopes idempotency keys
 * @param verifier checks signature and timestamp
 * @param decoder turns verified bytes into an {@link Event}
 *
 * @since 0.1.0
 */
public record WebhookSource(String provider, SignatureVerifier verifier, EventDecoder decoder) {
    /**
     * Validates.
     *
     * @param provider the provider's short name
     * @param verifier checks signature and timestamp
     * @param decoder turns verified bytes into an event
     */
    public WebhookSource {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(decoder, "decoder");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must name the provider, e.g. \"stripe\"");
        }
    }
}
