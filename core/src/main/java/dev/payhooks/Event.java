package dev.payhooks;

import dev.payhooks.internal.CoreAccess;
import dev.payhooks.spi.EventDecoder;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.payhooks.internal.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A verified, decoded webhook event: the envelope every provider has (id, type, created, mode,
 * account, API version), the tenant whose secret verified it, and the raw JSON, bound to your own
 * types only when you ask. Immutable and thread-safe.
 *
 * <pre>{@code
 * receiver.on("refund.failed", event -> {
 *     RefundView refund = event.data(RefundView.class);
 *     String checkout = event.at("/payload/metadata/checkoutId").orElse(null);
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Event {

    private final String provider;
    private final String id;
    private final String type;
    private final Instant created;
    private final Mode mode;
    private final String account;
    private final String apiVersion;
    private final String tenant;
    private final String idempotencyKey;
    private final Map<String, String> attributes;
    private final byte[] json;
    private final String dataPointer;
    private final JsonLimits limits;
    private final Json jsonSupport;
    private final ObjectRef orderingObject;
    private final Long orderingSequence;
    private final boolean stale;
    private final boolean tie;
    private final Object refetched;
    private volatile JsonNode tree;

    private Event(Builder b) {
        this.provider = b.provider;
        this.id = b.id;
        this.type = b.type;
        this.created = b.created;
        this.mode = b.mode;
        this.account = b.account;
        this.apiVersion = b.apiVersion;
        this.tenant = b.tenant;
        this.idempotencyKey = b.idempotencyKey == null ? b.id : b.idempotencyKey;
        this.attributes = Map.copyOf(b.attributes);
        this.json = b.json;
        this.dataPointer = b.dataPointer;
        this.limits = b.limits;
        this.jsonSupport = Json.forLimits(b.limits);
        this.orderingObject = b.orderingObject;
        this.orderingSequence = b.orderingSequence;
        this.stale = false;
        this.tie = false;
        this.refetched = null;
    }

    /** A copy of {@code source} with the ordering guard's verdict; shares the body and the parsed tree. */
    private Event(Event source, boolean stale, boolean tie, Object refetched) {
        this.provider = source.provider;
        this.id = source.id;
        this.type = source.type;
        this.created = source.created;
        this.mode = source.mode;
        this.account = source.account;
        this.apiVersion = source.apiVersion;
        this.tenant = source.tenant;
        this.idempotencyKey = source.idempotencyKey;
        this.attributes = source.attributes;
        this.json = source.json;
        this.dataPointer = source.dataPointer;
        this.limits = source.limits;
        this.jsonSupport = source.jsonSupport;
        this.orderingObject = source.orderingObject;
        this.orderingSequence = source.orderingSequence;
        this.stale = stale;
        this.tie = tie;
        this.refetched = refetched;
        this.tree = source.tree;
    }

    /**
     * A builder, for {@link EventDecoder} implementations and for tests.
     *
     * @param provider the provider's short name
     * @param id the provider's event id
     * @param type the event type ({@code refund.failed})
     * @param rawJson the verified body; copied
     * @return a new builder
     */
    public static Builder builder(String provider, String id, String type, byte[] rawJson) {
        return new Builder(provider, id, type, Objects.requireNonNull(rawJson, "rawJson").clone());
    }

    static {
        CoreAccess.install(new CoreAccess.EventAccess() {
            @Override
            public Builder builderSharing(String provider, String id, String type, byte[] rawJson) {
                return new Builder(provider, id, type, rawJson);
            }

            @Override
            public Event withOrderingVerdict(Event event, boolean stale, boolean tie, Object refetched) {
                return new Event(event, stale, tie, refetched);
            }
        });
    }

    /**
     * The provider's short name ({@code "stripe"}).
     *
     * @return the provider
     */
    public String provider() {
        return provider;
    }

    /**
     * The provider's event id ({@code evt_...}, {@code evnt_...}, a message id).
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The event type ({@code refund.failed}, Omise's {@code key}, a topic header).
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * When the provider created the event.
     *
     * @return the instant, or empty when the event does not say
     */
    public Optional<Instant> created() {
        return Optional.ofNullable(created);
    }

    /**
     * Live or test mode.
     *
     * @return the mode; {@link Mode#UNKNOWN} when the event does not say
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The connected account the event belongs to (Stripe Connect), when present.
     *
     * @return the account id, or empty
     */
    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    /**
     * The provider API version the payload was rendered with, when present.
     *
     * @return the version, or empty
     */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    /**
     * The tenant whose secret verified the delivery, for per-tenant endpoints.
     *
     * @return the tenant, or empty
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * The key deliveries of this event are deduplicated by: the event id unless the scheme names a
     * message id (Standard Webhooks' {@code webhook-id}). Scoped by provider and tenant in the store.
     *
     * @return the key
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * A provider-specific envelope value, such as Stripe's {@code request.id}; see the provider
     * module for the names it sets.
     *
     * @param name the attribute name
     * @return the value, or empty
     */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * All provider-specific envelope values.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * A copy of the verified body.
     *
     * @return the raw JSON bytes
     */
    public byte[] rawJson() {
        return json.clone();
    }

    /**
     * The verified body as text.
     *
     * @return the raw JSON, decoded as UTF-8
     */
    public String rawJsonString() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /**
     * The provider object this event is about, for the ordering guard ({@link Ordering}): set by
     * the provider's decoder (Stripe: {@code data.object}'s {@code object} and {@code id}, or a
     * thin event's related object; Omise: the object in {@code data}).
     *
     * @return the object, or empty when the decoder names none (the guard then does not apply)
     * @since 0.1.0
     */
    public Optional<ObjectRef> orderingObject() {
        return Optional.ofNullable(orderingObject);
    }

    /**
     * A tie-breaker between events of one object created in the same second, when the provider's
     * payload has one (a version or sequence number).
     *
     * @return the sequence, or empty
     * @since 0.1.0
     */
    public OptionalLong orderingSequence() {
        return orderingSequence == null ? OptionalLong.empty() : OptionalLong.of(orderingSequence);
    }

    /**
     * Whether the ordering guard found this event older than one already handled for its object
     * and the receiver's policy ({@link OrderingPolicy#RUN_FLAGGED} or
     * {@link OrderingPolicy#REFETCH}) still runs the handlers: do not overwrite newer state with it.
     * Always {@code false} without an ordering guard.
     *
     * @return whether the event is stale
     * @since 0.1.0
     */
    public boolean isStale() {
        return stale;
    }

    /**
     * Whether the ordering guard found this event created in the same second as the newest one
     * handled for its object (and no sequence told them apart): the two cannot be ordered, so
     * merge, or read {@link #refetched(Class)}. Always {@code false} without an ordering guard.
     *
     * @return whether the event ties
     * @since 0.1.0
     */
    public boolean isTie() {
        return tie;
    }

    /**
     * The object's current state, fetched by the receiver's {@link ObjectRefetcher} because the
     * event is stale or tied ({@link OrderingPolicy#REFETCH}). What the refetcher returned is
     * given as is when it is a {@code type}; JSON text ({@link String} or {@code byte[]}) is
     * bound to {@code type}.
     *
     * @param type the type to read it as
     * @param <T> the type
     * @return the current state, or empty when nothing was fetched
     * @throws WebhookDecodingException when the fetched JSON does not fit the type
     * @throws ClassCastException when the refetcher returned another type and no JSON
     * @since 0.1.0
     */
    public <T> Optional<T> refetched(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (refetched == null) {
            return Optional.empty();
        }
        if (type.isInstance(refetched)) {
            return Optional.of(type.cast(refetched));
        }
        if (refetched instanceof String || refetched instanceof byte[]) {
            byte[] bytes = refetched instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) refetched;
            return Optional.of(jsonSupport.bind(jsonSupport.tree(bytes), type, "the refetched object"));
        }
        throw new ClassCastException("the refetcher returned a " + refetched.getClass().getName() + ", not a " + type.getName());
    }

    /**
     * The JSON pointer of the event's data object ({@code /data/object} for Stripe).
     *
     * @return the pointer
     */
    public String dataPointer() {
        return dataPointer;
    }

    /**
     * Binds the event's data object to your type. Unknown properties are ignored, so a view
     * keeps working when the provider adds fields.
     *
     * @param type a record or bean type
     * @param <T> the type
     * @return the bound data
     * @throws WebhookDecodingException with {@link RejectionReason#MISSING_EVENT_FIELD} when the
     *         event has no data object, or {@link RejectionReason#INVALID_EVENT_FIELD} when it does
     *         not fit the type
     */
    public <T> T data(Class<T> type) {
        return bind(dataPointer, type);
    }

    /**
     * Binds any part of the event to your type.
     *
     * @param pointer an RFC 6901 JSON pointer, such as {@code /data/previous_attributes}
     * @param type a record or bean type
     * @param <T> the type
     * @return the bound value
     * @throws WebhookDecodingException when the pointer matches nothing or the value does not fit
     */
    public <T> T bind(String pointer, Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonNode node = node(pointer);
        if (node.isMissingNode() || node.isNull()) {
            throw new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD,
                    "the " + provider + " event " + id + " has nothing at " + pointer);
        }
        return jsonSupport.bind(node, type, pointer);
    }

    /**
     * The text of a scalar value (string, number or boolean), for filters:
     * {@code event.at("/payload/metadata/checkoutId")}.
     *
     * @param pointer an RFC 6901 JSON pointer
     * @return the value as text; empty when absent, {@code null}, an object or an array
     */
    public Optional<String> at(String pointer) {
        JsonNode node = node(pointer);
        return node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    /**
     * The compact JSON text of any part of the event.
     *
     * @param pointer an RFC 6901 JSON pointer ({@code ""} for the whole event)
     * @return the JSON text, or empty when the pointer matches nothing
     */
    public Optional<String> jsonAt(String pointer) {
        JsonNode node = node(pointer);
        return node.isMissingNode() ? Optional.empty() : Optional.of(jsonSupport.write(node));
    }

    private JsonNode node(String pointer) {
        JsonPointer compiled = JsonPointer.compile(Objects.requireNonNull(pointer, "pointer"));
        return tree().at(compiled);
    }

    private JsonNode tree() {
        // Parsed on first use only: most handlers never look beyond the envelope.
        JsonNode result = tree;
        if (result == null) {
            result = jsonSupport.tree(json);
            tree = result;
        }
        return result;
    }

    /**
     * A builder that starts from this event: the same body, shared rather than copied (both
     * events are immutable), and every field and attribute of this one. For decoders that refine
     * an event they decoded (a provider-specific data pointer, attributes to add or drop).
     *
     * <pre>{@code
     * Event refined = event.newBuilder().dataPointer("/data/object").removeAttribute("internal").build();
     * }</pre>
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        Builder builder = new Builder(provider, id, type, json)
                .created(created).mode(mode).account(account).apiVersion(apiVersion).tenant(tenant)
                .idempotencyKey(idempotencyKey.equals(id) ? null : idempotencyKey)
                .dataPointer(dataPointer).limits(limits).orderingSequence(orderingSequence);
        builder.orderingObject = orderingObject;
        builder.attributes.putAll(attributes);
        return builder;
    }

    /** The envelope only: the body may hold personal data. */
    @Override
    public String toString() {
        return "Event[provider=" + provider + ", id=" + id + ", type=" + type + ", mode=" + mode
                + (tenant == null ? "" : ", tenant=" + tenant) + "]";
    }

    /**
     * Builds an {@link Event}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String provider;
        private final String id;
        private final String type;
        private final byte[] json;
        private Instant created;
        private Mode mode = Mode.UNKNOWN;
        private String account;
        private String apiVersion;
        private String tenant;
        private String idempotencyKey;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String dataPointer = "/data";
        private JsonLimits limits = JsonLimits.defaults();
        private ObjectRef orderingObject;
        private Long orderingSequence;

        private Builder(String provider, String id, String type, byte[] json) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.id = Objects.requireNonNull(id, "id");
            this.type = Objects.requireNonNull(type, "type");
            this.json = Objects.requireNonNull(json, "rawJson");
        }

        /**
         * Sets when the provider created the event.
         *
         * @param created when the provider created the event, or {@code null}
         * @return this builder
         */
        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        /**
         * Sets whether the event is from live or test mode.
         *
         * @param mode live, test or unknown
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the connected account the event belongs to.
         *
         * @param account the connected account, or {@code null}
         * @return this builder
         */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /**
         * Sets the provider API version the event was rendered with.
         *
         * @param apiVersion the provider API version, or {@code null}
         * @return this builder
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /**
         * Sets the tenant whose secret verified the delivery.
         *
         * @param tenant the tenant whose secret verified the delivery, or {@code null}
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /**
         * Sets the key the delivery is deduplicated by.
         *
         * @param idempotencyKey the deduplication key, or {@code null} to use the event id
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets a provider-specific attribute.
         *
         * @param name a provider-specific attribute name
         * @param value its value; {@code null} leaves the attribute unset
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            Objects.requireNonNull(name, "attribute name");
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        /**
         * Removes an attribute, for a builder started with {@link Event#newBuilder()}.
         *
         * @param name a provider-specific attribute name
         * @return this builder
         */
        public Builder removeAttribute(String name) {
            attributes.remove(Objects.requireNonNull(name, "attribute name"));
            return this;
        }

        /**
         * Sets where in the body the event's data object is.
         *
         * @param pointer the JSON pointer of the data object (default {@code /data})
         * @return this builder
         */
        public Builder dataPointer(String pointer) {
            JsonPointer.compile(Objects.requireNonNull(pointer, "pointer"));
            this.dataPointer = pointer;
            return this;
        }

        /**
         * Sets the limits for parsing the body when the data is read.
         *
         * @param limits the limits for lazy parsing of the body (default {@link JsonLimits#defaults()})
         * @return this builder
         */
        public Builder limits(JsonLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The provider object the event is about, for the ordering guard.
         *
         * @param objectType the object type ({@code refund}), or {@code null} for none
         * @param objectId the object id ({@code re_...}), or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when only one of the two is given, or one is empty
         * @since 0.1.0
         */
        public Builder orderingObject(String objectType, String objectId) {
            if ((objectType == null) != (objectId == null)) {
                throw new IllegalArgumentException("give both the object type and id, or neither");
            }
            this.orderingObject = objectType == null ? null : new ObjectRef(objectType, objectId);
            return this;
        }

        /**
         * Sets the ordering guard's tie-breaker.
         *
         * @param sequence a tie-breaker between same-second events of one object, or {@code null}
         * @return this builder
         * @since 0.1.0
         */
        public Builder orderingSequence(Long sequence) {
            this.orderingSequence = sequence;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         */
        public Event build() {
            return new Event(this);
        }
    }
}
