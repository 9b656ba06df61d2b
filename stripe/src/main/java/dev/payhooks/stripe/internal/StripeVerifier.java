package dev.payhooks.stripe.internal;

import dev.payhooks.RejectionReason;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.ActiveKeys;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureHeaders;

import java.time.Instant;
import java.util.Objects;

/**
 * Verifies {@code Stripe-Signature} exactly as Stripe signs: HMAC-SHA256 over
 * {@code "<t>.<raw body>"}, keyed with the whole {@code whsec_...} secret as UTF-8, hex-encoded in
 * one or more {@code v1=} entries (docs.stripe.com/webhooks, "Verify manually"). Every {@code v1}
 * candidate is compared in constant time (as decoded bytes) with the MAC of every active secret;
 * other schemes ({@code v0}) are ignored. The signature is checked before the timestamp, so
 * {@code TIMESTAMP_TOO_OLD} and {@code TIMESTAMP_IN_FUTURE} are only reported for deliveries really
 * signed with one of the secrets: they point at delays, replays or a wrong clock, never at forgeries.
 * Immutable and thread-safe.
 *
 * @param keys the endpoint's keys
 * @param tolerance the timestamp window; enabled
 */
public record StripeVerifier(SigningKeys<HmacKey> keys, Tolerance tolerance) implements SignatureVerifier {

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        // The header first: malformed requests are turned away before a tenant lookup touches a store.
        SignatureHeader header = SignatureHeader.parse(SignatureHeaders.single(Objects.requireNonNull(request, "request"),
                SignatureHeader.NAME, RejectionReason.MISSING_SIGNATURE_HEADER, RejectionReason.MALFORMED_SIGNATURE_HEADER));
        ActiveKeys<HmacKey> active = keys.activeAt(request, now);
        if (header.candidates().isEmpty()
                || HmacKey.indexOfMatchingKey(active.keys(), header.signedPrefix(), request, header.candidates()) < 0) {
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "none of the " + header.v1Entries()
                    + " v1 signature(s) matches any of the " + active.keys().size() + " active secret(s); is the secret the"
                    + " one of this endpoint (test and live differ), and does the body reach us unmodified?");
        }
        tolerance.check(header.timestamp(), now);
        return active.verified();
    }
}
