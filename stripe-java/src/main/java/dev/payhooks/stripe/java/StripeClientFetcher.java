package dev.payhooks.stripe.java;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiMode;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.StripeResponse;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.stripe.RelatedObjectFetcher;
import dev.payhooks.stripe.StripeEvents;
import dev.payhooks.stripe.StripeRelatedObject;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches the object a thin event ({@code v2.core.event}) is about with your stripe-java
 * {@code StripeClient}: a {@link RelatedObjectFetcher} for {@link StripeEvents#fetchRelatedObject(Event,
 * RelatedObjectFetcher)}, and {@link #fetchRelatedObject(Event, Class)} for a typed result.
 *
 * <pre>{@code
 * StripeClientFetcher fetcher = StripeClientFetcher.of(stripeClient);
 * receiver.on("v1.billing.meter.error_report_triggered", event ->
 *         fetcher.fetchRelatedObject(event, Meter.class).ifPresent(alerts::meterFailed));
 * }</pre>
 *
 * <p><b>When Stripe cannot answer</b> (no connection, a timeout, 429, 409 or a 5xx status) the fetch
 * throws {@link WebhookUnavailableException}: the receiver releases the event's claim and answers 503,
 * and Stripe delivers the event again later. Other refusals (401 for a wrong API key, 403, 404) throw
 * {@link IllegalStateException}, answered 500 with the claim released as well, with a message that
 * says what to fix. The timeouts are short by default (3 s to connect, 10 s to read) and there are no
 * in-request retries: Stripe's own redelivery is the retry, and a handler that waits holds the delivery
 * (and its claim) open.
 *
 * <p>Only API paths ({@code /v1/...} or {@code /v2/...}) from the related object are requested, on the
 * client's own API base: a thin event signed with a leaked webhook secret cannot send your API key to
 * another host. Immutable and thread-safe (as {@code StripeClient} is).
 *
 * @since 0.1.0
 */
public final class StripeClientFetcher implements RelatedObjectFetcher<StripeObject> {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Default read timeout. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** An API path: /v1/ or /v2/, then path segments of URL-safe characters, no query, no "..". */
    private static final Pattern API_PATH = Pattern.compile("/v[12]/[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

    private final StripeClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxNetworkRetries;

    private StripeClientFetcher(Builder builder) {
        this.client = builder.client;
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.maxNetworkRetries = builder.maxNetworkRetries;
    }

    /**
     * A fetcher with the default timeouts and no in-request retries.
     *
     * @param client your client, with its API key
     * @return the fetcher
     */
    public static StripeClientFetcher of(StripeClient client) {
        return builder(client).build();
    }

    /**
     * A builder, for other timeouts or in-request retries.
     *
     * @param client your client, with its API key
     * @return a new builder
     */
    public static Builder builder(StripeClient client) {
        return new Builder(client);
    }

    /**
     * Fetches the related object of a thin event as a stripe-java class, in the account the event names
     * (the related object's {@code stripe_context}, else the event's {@code context}), as stripe-java's
     * own {@code com.stripe.model.v2.Event} does.
     *
     * @param event a thin event from a Stripe source
     * @param type the class, such as {@code com.stripe.model.billing.Meter.class}
     * @param <T> the class
     * @return the object, or empty when the event has no related object (snapshot events)
     * @throws WebhookUnavailableException when Stripe cannot be reached or answers that it cannot serve now
     * @throws IllegalStateException when Stripe refuses the request (API key, permissions, no such object)
     *         or the related object is of another type than {@code type}
     * @throws WebhookDecodingException with {@link RejectionReason#INVALID_EVENT_FIELD} when the event's
     *         related object has no API path or one that is not a Stripe API path
     */
    public <T extends StripeObject> Optional<T> fetchRelatedObject(Event event, Class<T> type) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(type, "type");
        return StripeEvents.relatedObject(event).map(related -> fetch(related,
                related.stripeContextIfPresent().or(event::account).orElse(null), type));
    }

    /**
     * Fetches the related object as the stripe-java class registered for its type, in the account of
     * its {@code stripe_context} when it has one.
     *
     * @param relatedObject the reference from the thin event
     * @return the object
     * @throws WebhookUnavailableException when Stripe cannot be reached or answers that it cannot serve now
     * @throws IllegalStateException when Stripe refuses the request (API key, permissions, no such object)
     * @throws WebhookDecodingException with {@link RejectionReason#INVALID_EVENT_FIELD} when the
     *         reference has no API path or one that is not a Stripe API path
     */
    @Override
    public StripeObject fetch(StripeRelatedObject relatedObject) {
        Objects.requireNonNull(relatedObject, "relatedObject");
        return fetch(relatedObject, relatedObject.stripeContextIfPresent().orElse(null), StripeObject.class);
    }

    /**
     * This fetcher with a typed result, for {@link StripeEvents#fetchRelatedObject(Event, RelatedObjectFetcher)}.
     *
     * @param type the class, such as {@code com.stripe.model.billing.Meter.class}
     * @param <T> the class
     * @return a fetcher returning {@code type}; it throws {@link IllegalStateException} when the object
     *         is of another type
     */
    public <T extends StripeObject> RelatedObjectFetcher<T> as(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return relatedObject -> fetch(Objects.requireNonNull(relatedObject, "relatedObject"),
                relatedObject.stripeContextIfPresent().orElse(null), type);
    }

    private <T extends StripeObject> T fetch(StripeRelatedObject related, String account, Class<T> type) {
        String what = "the " + StripeObjects.printable(related.type()) + " " + StripeObjects.printable(related.id())
                + " of a thin event";
        String path = related.urlIfPresent().orElseThrow(() -> new WebhookDecodingException(
                RejectionReason.INVALID_EVENT_FIELD, what + " has no url to fetch it from"));
        if (!API_PATH.matcher(path).matches() || path.contains("..")) {
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD, what + " has a url that is not a"
                    + " Stripe API path (/v1/... or /v2/...); it is not requested");
        }
        Class<? extends StripeObject> registered =
                com.stripe.model.v2.EventDataClassLookup.classLookup.get(related.type());
        if (registered != null && !type.isAssignableFrom(registered)) {
            throw new IllegalStateException(what + " is a " + registered.getName() + ", not a " + type.getName()
                    + ": fetch it as " + registered.getSimpleName());
        }
        RawRequestOptions.RawRequestOptionsBuilder options = RawRequestOptions.builder();
        options.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
                .setReadTimeout(Math.toIntExact(readTimeout.toMillis()))
                .setMaxNetworkRetries(maxNetworkRetries);
        if (account != null) {
            // stripe-java's own v2 Event.fetchRelatedObject sends the event's context as Stripe-Account.
            options.setStripeAccount(account);
        }
        StripeObject fetched;
        try {
            StripeResponse response = client.rawRequest(ApiResource.RequestMethod.GET, path, null, options.build());
            fetched = client.deserialize(response.body(), path.startsWith("/v2/") ? ApiMode.V2 : ApiMode.V1);
        } catch (StripeException e) {
            throw failure(what, e);
        } catch (RuntimeException e) {
            // Gson on an answer that is not Stripe's (a proxy's error page with status 200, a cut-off body).
            throw new WebhookUnavailableException("Stripe's API answer for " + what + " could not be read ("
                    + e.getClass().getSimpleName() + "); Stripe will deliver the event again", e);
        }
        if (!type.isInstance(fetched)) {
            throw new IllegalStateException(what + " was answered as " + fetched.getClass().getName() + ", not as "
                    + type.getName() + ": fetch it as " + fetched.getClass().getSimpleName());
        }
        return type.cast(fetched);
    }

    /**
     * Transient failures become 503 (Stripe redelivers); refusals that will not go away by themselves
     * become 500 with what to fix. Stripe's own message is left to the cause: it is about the request
     * (and masks API keys), while ours names the object, the status and the request id.
     */
    private static RuntimeException failure(String what, StripeException e) {
        Integer status = e.getStatusCode();
        String detail = (status == null ? "" : "status " + status)
                + (e.getCode() == null ? "" : ", code " + StripeObjects.printable(e.getCode()))
                + (e.getRequestId() == null ? "" : ", request " + StripeObjects.printable(e.getRequestId()));
        if (e instanceof ApiConnectionException || status == null || status == 409 || status == 429 || status >= 500) {
            return new WebhookUnavailableException("Stripe's API could not serve " + what + " ("
                    + (detail.isEmpty() ? e.getClass().getSimpleName() : detail) + "); Stripe will deliver the event again",
                    e);
        }
        String fix = switch (status) {
            case 401 -> "check the API key the StripeClient was built with";
            case 403 -> "give the API key (a restricted key?) read access to this object";
            case 404 -> "check that the key belongs to the account of the event (Connect: the event's context)";
            default -> "see the cause for Stripe's message";
        };
        return new IllegalStateException("Stripe's API refused " + what + " (" + detail + "): " + fix, e);
    }

    @Override
    public String toString() {
        return "StripeClientFetcher[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxNetworkRetries=" + maxNetworkRetries + "]";
    }

    /**
     * Builds a {@link StripeClientFetcher}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final StripeClient client;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int maxNetworkRetries;

        private Builder(StripeClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * How long to wait for a connection to Stripe's API (default 3 s).
         *
         * @param timeout 1 ms to 1 minute
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checked(timeout, "connect timeout");
            return this;
        }

        /**
         * How long to wait for Stripe's answer (default 10 s).
         *
         * @param timeout 1 ms to 1 minute
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checked(timeout, "read timeout");
            return this;
        }

        /**
         * Retries stripe-java makes within one fetch, with its own back-off (default 0: Stripe's
         * redelivery of the event is the retry).
         *
         * @param retries 0 to 5
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxNetworkRetries(int retries) {
            if (retries < 0 || retries > 5) {
                throw new IllegalArgumentException("maxNetworkRetries must be 0 to 5 (was " + retries + ")");
            }
            this.maxNetworkRetries = retries;
            return this;
        }

        /**
         * The fetcher.
         *
         * @return an immutable fetcher
         */
        public StripeClientFetcher build() {
            return new StripeClientFetcher(this);
        }

        private static Duration checked(Duration timeout, String name) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("the " + name + " must be between 1 ms and 1 minute (was " + timeout + ")");
            }
            return timeout;
        }

        @Override
        public String toString() {
            return "StripeClientFetcher.Builder[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                    + ", maxNetworkRetries=" + maxNetworkRetries + "]";
        }
    }
}
