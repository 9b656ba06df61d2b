package dev.payhooks.stripe.java;

import java.util.Objects;
import java.util.Optional;

/**
 * A Stripe event rendered with another API version than the one the stripe-java on the class path
 * models. Stripe renders each event's {@code data.object} with the API version of the webhook endpoint
 * (or, for an endpoint without one, of the account) at the time of the event; stripe-java's model
 * classes follow {@code com.stripe.Stripe.API_VERSION}. Members that Stripe renamed, removed or
 * reshaped between the two versions are missing ({@code null}) or wrong in the bound object, while
 * everything else binds as usual.
 *
 * <p><b>Remedy:</b> render the endpoint's events at {@link #libraryApiVersion()}: give the webhook
 * endpoint that API version in the Stripe dashboard, or create a new endpoint with
 * {@code api_version} set to it (<a href="https://docs.stripe.com/api/webhook_endpoints/create">Create
 * a webhook endpoint</a>, parameter {@code api_version}) and move to it; or run the stripe-java release
 * generated for {@link #eventApiVersion()}. {@link #remedy()} says this for the two versions at hand.
 *
 * @param endpoint the name of the endpoint the event came through ({@link StripeObjects.Builder#endpoint(String)})
 * @param tenant the tenant whose secret verified the event; empty when the endpoint has no tenants
 * @param eventId the event id ({@code evt_...})
 * @param eventType the event type ({@code refund.updated})
 * @param eventApiVersion the API version the event was rendered with ({@code 2023-10-16})
 * @param libraryApiVersion the API version the loaded stripe-java models ({@code 2024-12-18.acacia})
 *
 * @since 0.1.0
 */
public record ApiVersionMismatch(String endpoint, String tenant, String eventId, String eventType,
                                 String eventApiVersion, String libraryApiVersion) {

    /**
     * Validates.
     *
     * @param endpoint the endpoint name
     * @param tenant the tenant, or empty
     * @param eventId the event id
     * @param eventType the event type
     * @param eventApiVersion the event's API version
     * @param libraryApiVersion stripe-java's API version
     */
    public ApiVersionMismatch {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventApiVersion, "eventApiVersion");
        Objects.requireNonNull(libraryApiVersion, "libraryApiVersion");
    }

    /**
     * The tenant, when the endpoint has tenants.
     *
     * @return the tenant, or empty
     */
    public Optional<String> tenantIfPresent() {
        return tenant.isEmpty() ? Optional.empty() : Optional.of(tenant);
    }

    /**
     * What to do about it, in one sentence naming both versions.
     *
     * @return the remedy
     */
    public String remedy() {
        return "Render this endpoint's events at API version " + libraryApiVersion
                + ": give the webhook endpoint that version in the Stripe dashboard, or create a new endpoint with"
                + " api_version=" + libraryApiVersion + " (https://docs.stripe.com/api/webhook_endpoints/create)"
                + " and move to it; or run the stripe-java release generated for " + eventApiVersion + ".";
    }
}
