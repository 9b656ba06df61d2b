package dev.payhooks.stripe;

import java.util.Objects;
import java.util.Optional;

/**
 * The object a thin event is about: {@code related_object} in Stripe's v2 event envelope. Thin events
 * carry no snapshot of the object; fetch it with your own Stripe client
 * ({@link StripeEvents#fetchRelatedObject(dev.payhooks.Event, RelatedObjectFetcher)}).
 *
 * @param id the object id ({@code mtr_...})
 * @param type the object type ({@code billing.meter})
 * @param url the API path to retrieve it ({@code /v1/billing/meters/mtr_...}); empty when the event gives none
 * @param stripeContext the account the object lives in; empty when the event gives none
 *
 * @since 0.1.0
 */
public record StripeRelatedObject(String id, String type, String url, String stripeContext) {

    /**
     * Validates.
     *
     * @param id the object id
     * @param type the object type
     * @param url the API path; {@code null} or empty when there is none
     * @param stripeContext the account; {@code null} or empty when there is none
     */
    public StripeRelatedObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        url = url == null ? "" : url;
        stripeContext = stripeContext == null ? "" : stripeContext;
    }

    /**
     * The API path, when the event gives one.
     *
     * @return the path
     */
    public Optional<String> urlIfPresent() {
        return url.isEmpty() ? Optional.empty() : Optional.of(url);
    }

    /**
     * The Stripe context, when the event gives one.
     *
     * @return the account id
     */
    public Optional<String> stripeContextIfPresent() {
        return stripeContext.isEmpty() ? Optional.empty() : Optional.of(stripeContext);
    }
}
