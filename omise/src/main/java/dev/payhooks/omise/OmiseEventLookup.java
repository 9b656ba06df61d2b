package dev.payhooks.omise;

import java.util.Optional;

/**
 * Fetches an event back from Omise ({@code GET /events/{id}}) with your own Omise client, as a
 * second check after the signature. Omise's documentation recommends verifying an event on
 * receipt by reading the object back from the API, and its own plugins do so. payhooks ships no
 * HTTP client: you implement this with the one you already use.
 *
 * <pre>{@code
 * // "omise" is your own Omise API client; map its event to a snapshot, empty when it answers 404.
 * OmiseEventLookup lookup = (eventId, tenant) -> omise.findEvent(eventId)
 *         .map(e -> new OmiseEventSnapshot(e.id(), e.key(), e.livemode(), e.dataId()));
 * WebhookSource source = OmiseWebhooks.builder().secrets(secret).confirmWith(lookup).build();
 * }</pre>
 *
 * <p>Outcomes: a snapshot that matches the delivery lets it through; a snapshot that differs, or
 * an empty result (Omise does not know the event), rejects it with
 * {@link dev.payhooks.RejectionReason#EVENT_NOT_CONFIRMED}; an exception (network down, Omise
 * answering 5xx) answers 503 so Omise delivers again later. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OmiseEventLookup {

    /**
     * Fetches the event.
     *
     * @param eventId the id of the delivered (already signature-verified) event, {@code evnt_...}
     * @param tenant the tenant whose secret verified the delivery, for per-merchant API keys;
     *               empty for single-tenant endpoints
     * @return the event as Omise's API reports it, or empty when Omise has no such event (404)
     * @throws RuntimeException when Omise cannot be asked right now; the delivery is answered 503
     */
    Optional<OmiseEventSnapshot> lookup(String eventId, Optional<String> tenant);
}
