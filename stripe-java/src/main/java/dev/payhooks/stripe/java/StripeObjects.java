package dev.payhooks.stripe.java;

import dev.payhooks.Event;
import dev.payhooks.stripe.StripeEvents;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.java.internal.StripeJavaVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds verified Stripe events to stripe-java's model classes, with stripe-java's own deserializer
 * reading the verified body (no round trip through another JSON library), and makes an API-version
 * mismatch visible instead of silently empty.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *         .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
 *         .on("refund.updated", event -> {
 *             StripeEventData data = StripeObjects.of(event);
 *             Refund refund = data.object(Refund.class);                       // com.stripe.model.Refund
 *             Optional<Refund> before = data.previousAttributes(Refund.class);
 *             refunds.update(refund.getId(), refund.getStatus(), refund.getDestinationDetails());
 *         })
 *         .build();
 * }</pre>
 *
 * <p><b>API versions.</b> Stripe renders an event's {@code data.object} with the API version of the
 * webhook endpoint at the time of the event; stripe-java's classes model {@code Stripe.API_VERSION}.
 * stripe-java's own {@code getDataObjectDeserializer().getObject()} answers an empty {@code Optional}
 * whenever the two differ. Here the object is bound all the same (members that changed between the
 * versions may be missing or wrong), and the difference is reported three ways: in
 * {@link StripeEventData#apiVersionMismatch()}, to every {@link ApiVersionMismatchListener}, and as
 * one WARN log per endpoint, tenant and event API version. The remedy is in {@link ApiVersionMismatch}:
 * give the webhook endpoint the API version your stripe-java models.
 *
 * <p>Build one {@code StripeObjects} per endpoint (its name appears in the log and in every
 * {@link ApiVersionMismatch}) and keep it; {@link #of(Event)} uses a shared one named
 * {@value #DEFAULT_ENDPOINT}. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StripeObjects {

    /** The endpoint name of {@link #of(Event)} and of a builder given none. */
    public static final String DEFAULT_ENDPOINT = "stripe";

    /** At most this many (endpoint, tenant, version) triples are remembered for the once-only WARN. */
    static final int MAX_REMEMBERED_MISMATCHES = 1024;

    private static final Logger log = LoggerFactory.getLogger(StripeObjects.class);
    private static final int MAX_ENDPOINT_LENGTH = 64;
    private static final StripeObjects SHARED = builder().build();

    private final String endpoint;
    private final List<ApiVersionMismatchListener> listeners;
    private final String libraryApiVersion;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private StripeObjects(Builder builder) {
        this.endpoint = builder.endpoint;
        this.listeners = List.copyOf(builder.listeners);
        this.libraryApiVersion = StripeJavaVersions.apiVersion();
    }

    /**
     * Binds an event with the shared instance (endpoint {@value #DEFAULT_ENDPOINT}, no listener; the
     * WARN log still reports a mismatch).
     *
     * @param event a verified snapshot event from a Stripe source
     * @return the event's data, bound on first use
     * @throws IllegalArgumentException when the event is not from a Stripe source, or is a thin event
     *         (it has no {@code data.object}: fetch its related object with {@link StripeClientFetcher})
     */
    public static StripeEventData of(Event event) {
        return SHARED.bind(event);
    }

    /**
     * A builder, to name the endpoint and add mismatch listeners.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds an event. Compares its API version with stripe-java's at once (telling the listeners and
     * logging as described above); parses the body only when you ask for an object.
     *
     * @param event a verified snapshot event from a Stripe source
     * @return the event's data
     * @throws IllegalArgumentException when the event is not from a Stripe source, or is a thin event
     *         (it has no {@code data.object}: fetch its related object with {@link StripeClientFetcher})
     */
    public StripeEventData bind(Event event) {
        Objects.requireNonNull(event, "event");
        if (!StripeWebhooks.PROVIDER.equals(event.provider())) {
            throw new IllegalArgumentException("event " + event.id() + " comes from provider '" + event.provider()
                    + "', not from a Stripe source: bind only events received through StripeWebhooks");
        }
        if (StripeEvents.isThin(event)) {
            throw new IllegalArgumentException("event " + event.id() + " (" + event.type() + ") is a thin event: it"
                    + " carries no data.object to bind; fetch its related object with StripeClientFetcher instead");
        }
        ApiVersionMismatch mismatch = event.apiVersion()
                .filter(version -> !StripeJavaVersions.withoutBetas(version).equals(
                        StripeJavaVersions.withoutBetas(libraryApiVersion)))
                .map(version -> new ApiVersionMismatch(endpoint, event.tenant().orElse(""), event.id(), event.type(),
                        version, libraryApiVersion))
                .orElse(null);
        if (mismatch != null) {
            report(mismatch);
        }
        return new StripeEventData(event, mismatch);
    }

    /**
     * The endpoint name this instance reports mismatches under.
     *
     * @return the name
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The API version the stripe-java on the class path models ({@code com.stripe.Stripe.API_VERSION},
     * read at run time).
     *
     * @return for example {@code 2024-12-18.acacia}
     */
    public String libraryApiVersion() {
        return libraryApiVersion;
    }

    private void report(ApiVersionMismatch mismatch) {
        for (ApiVersionMismatchListener listener : listeners) {
            try {
                listener.onApiVersionMismatch(mismatch);
            } catch (RuntimeException e) {
                log.warn("payhooks stripe-java: API-version mismatch listener {} failed for event {}; ignored",
                        listener.getClass().getName(), printable(mismatch.eventId()), e);
            }
        }
        String key = mismatch.tenant() + '\n' + mismatch.eventApiVersion();
        // Bounded: tenants are the merchant's to count, and a WARN per tenant is useful only while they are few.
        if (warned.size() < MAX_REMEMBERED_MISMATCHES && warned.add(key)) {
            log.warn("payhooks stripe-java: endpoint {}{} delivers Stripe events rendered with API version {}, but"
                            + " stripe-java {} models API version {}; members that changed between the two are missing"
                            + " or wrong in the bound objects (first seen in event {}, {}). {} Logged once per endpoint,"
                            + " tenant and version.",
                    endpoint, mismatch.tenantIfPresent().map(t -> " (tenant " + printable(t) + ")").orElse(""),
                    printable(mismatch.eventApiVersion()), StripeJavaVersions.libraryVersion(), libraryApiVersion,
                    printable(mismatch.eventId()), printable(mismatch.eventType()), printable(mismatch.remedy()));
        } else {
            log.debug("payhooks stripe-java: event {} on endpoint {} was rendered with API version {}, stripe-java models {}",
                    printable(mismatch.eventId()), endpoint, printable(mismatch.eventApiVersion()), libraryApiVersion);
        }
    }

    /** Values from a verified body still go to a log: no line breaks or control characters, bounded length. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 256));
        for (int i = 0; i < value.length() && out.length() < 256; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "StripeObjects[endpoint=" + endpoint + ", stripe-java API version=" + libraryApiVersion
                + ", listeners=" + listeners.size() + "]";
    }

    /**
     * Builds {@link StripeObjects}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String endpoint = DEFAULT_ENDPOINT;
        private final List<ApiVersionMismatchListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Names the endpoint, as it appears in the log and in {@link ApiVersionMismatch#endpoint()}: use
         * the name you know the Stripe webhook endpoint by (each endpoint has its own API version).
         *
         * @param name 1 to 64 printable ASCII characters (default {@value StripeObjects#DEFAULT_ENDPOINT})
         * @return this builder
         * @throws IllegalArgumentException when the name is empty, too long or not printable ASCII
         */
        public Builder endpoint(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > MAX_ENDPOINT_LENGTH || !printable(name).equals(name)) {
                throw new IllegalArgumentException("the endpoint name must be 1 to " + MAX_ENDPOINT_LENGTH
                        + " printable ASCII characters, not blank (was " + name.length() + " characters)");
            }
            this.endpoint = name;
            return this;
        }

        /**
         * Adds a listener told about every bound event whose API version differs from stripe-java's.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onApiVersionMismatch(ApiVersionMismatchListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The binder.
         *
         * @return an immutable, thread-safe binder
         */
        public StripeObjects build() {
            return new StripeObjects(this);
        }

        @Override
        public String toString() {
            return "StripeObjects.Builder[endpoint=" + endpoint + ", listeners=" + listeners.size() + "]";
        }
    }
}
