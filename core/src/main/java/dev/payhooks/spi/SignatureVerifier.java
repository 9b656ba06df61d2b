package dev.payhooks.spi;

import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import java.time.Instant;

/**
 * Checks that a request was signed by the provider with one of the endpoint's secrets, recently.
 * A pure function of the request and the instant: the receiver owns the one {@link java.time.Clock}.
 *
 * <p>Implementations must be thread-safe, compare MACs in constant time over bytes, and let no
 * exception but {@link WebhookVerificationException} (or {@link WebhookUnavailableException}
 * when a secret lookup's backing store fails) escape, whatever the request contains.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SignatureVerifier {

    /**
     * Verifies the request.
     *
     * @param request the raw request
     * @param now the receiver's current instant
     * @return what verification established (the tenant, when secrets are per tenant)
     * @throws WebhookVerificationException with a reason code when the request is not authentic
     * @throws WebhookUnavailableException when the secrets could not be looked up right now
     */
    Verification verify(WebhookRequest request, Instant now);
}
