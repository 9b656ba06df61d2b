package dev.payhooks.stripe;

import java.util.Objects;
import java.util.Optional;

/**
 * The object a thin event is about: {@code related_object} in Stripe's v2 event envelope. Thin events
 * carry no snapshot of the object; fetch it with your own Stripe client
 * ({@link StripeEvents#fetchRelatedObject(dev.payhooks.Event, RelatedObjectFetcher)}). Immutable.
 *
 * @since 0.1.0
 */
public final class StripeRelatedObject {

    private final String id;
    private final String type;
    private final String url;
    private final String stripeContext;

    private StripeRelatedObject(String id, String type, String url, String stripeContext) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.url = url;
        this.stripeContext = stripeContext;
    }

    /**
     * A reference.
     *
     * @param id the object id ({@code mtr_...})
     * @param type the object type ({@code billing.meter})
     * @param url the API path to retrieve it, or empty
     * @param stripeContext the account the object lives in, or empty
     * @return the reference
     */
    public static StripeRelatedObject of(String id, String type, Optional<String> url, Optional<String> stripeContext) {
        return new StripeRelatedObject(id, type, Objects.requireNonNull(url, "url").orElse(null),
                Objects.requireNonNull(stripeContext, "stripeContext").orElse(null));
    }

    /**
     * The object id.
     *
     * @return e.g. {@code mtr_...}
     */
    public String id() {
        return id;
    }

    /**
     * The object type.
     *
     * @return e.g. {@code billing.meter}
     */
    public String type() {
        return type;
    }

    /**
     * The API path to retrieve the object, when the event gives one.
     *
     * @return e.g. {@code /v1/billing/meters/mtr_...}
     */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /**
     * The account the object lives in, when the event gives one.
     *
     * @return the account id
     */
    public Optional<String> stripeContext() {
        return Optional.ofNullable(stripeContext);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StripeRelatedObject that && id.equals(that.id) && type.equals(that.type)
                && Objects.equals(url, that.url) && Objects.equals(stripeContext, that.stripeContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, url, stripeContext);
    }

    @Override
    public String toString() {
        return "StripeRelatedObject[id=" + id + ", type=" + type + ", url=" + url + ", stripeContext=" + stripeContext + "]";
    }
}
