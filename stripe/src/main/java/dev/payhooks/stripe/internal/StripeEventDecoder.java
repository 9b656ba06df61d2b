package dev.payhooks.stripe.internal;

import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.JsonLimits;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.stripe.StripeAttributes;
import dev.payhooks.stripe.StripeEventTypes;
import dev.payhooks.stripe.StripeWebhooks;

import java.util.Map;
import java.util.Objects;

/**
 * Decodes Stripe events of any API version into the core {@link Event} envelope, with core's
 * {@link JsonEventDecoder} (one streaming pass, duplicate keys and trailing content rejected, JSON
 * limits enforced, unknown fields and types ignored).
 *
 * <p><b>Snapshot events</b> ({@code "object": "event"}): id, type, {@code created} (Unix seconds),
 * {@code livemode}, {@code api_version}, {@code account} (Connect) and {@code request} go into the
 * envelope; {@link Event#data(Class)} binds {@code data.object} (for example to
 * {@link dev.payhooks.stripe.view.RefundView}) and {@code StripeEvents.previousAttributes(event, type)}
 * binds {@code data.previous_attributes}. Events from API versions before 2017-05-25, whose
 * {@code request} is a plain id string, decode too.
 *
 * <p><b>Thin events</b> ({@code "object": "v2.core.event"}, sent to event destinations): id, type,
 * {@code created} (ISO-8601), {@code livemode}, {@code context} (as the account), the related object
 * reference and {@code reason.request}; {@link Event#data(Class)} binds the event's own {@code data}
 * member where the type has one. The related object itself is not in the payload: see
 * {@code StripeEvents.fetchRelatedObject(event, fetcher)}.
 *
 * <p><b>Ordering</b> ({@link Event#orderingObject()}): a snapshot event is about
 * {@code data.object} ({@code object} and {@code id}); a thin event about its related object
 * ({@code type} and {@code id}); the position is {@code created}. Stripe has no sequence number, so
 * events of one object in the same second are ties.
 *
 * <p>Attribute names are listed in {@link StripeAttributes}. Immutable and thread-safe.
 */
public final class StripeEventDecoder implements EventDecoder {

    private static final String PROVIDER = StripeWebhooks.PROVIDER;

    /** Data pointer of snapshot events. */
    static final String SNAPSHOT_DATA = "/data/object";
    /** Data pointer of thin events: the event's own payload, not the related object. */
    static final String THIN_DATA = "/data";

    // Values only needed to normalise thin and legacy events; never left in a returned event.
    private static final String INTERNAL = "stripe.internal.";
    private static final String LEGACY_REQUEST = INTERNAL + "request";
    private static final String CONTEXT = INTERNAL + "context";
    private static final String REASON_REQUEST_ID = INTERNAL + "reason.request.id";
    private static final String REASON_REQUEST_KEY = INTERNAL + "reason.request.idempotency_key";

    private final JsonEventDecoder envelope;
    private final JsonLimits limits;

    private StripeEventDecoder(JsonLimits limits) {
        this.limits = limits;
        this.envelope = JsonEventDecoder.builder(PROVIDER)
                .id("/id")
                .type("/type")
                .created("/created")
                .mode("/livemode")
                .account("/account")
                .apiVersion("/api_version")
                .data(SNAPSHOT_DATA)
                // The ordering guard's object: the snapshot's own type and id (refund re_...).
                .orderingObject("/data/object/object", "/data/object/id")
                .attribute(StripeAttributes.OBJECT, "/object")
                .attribute(StripeAttributes.REQUEST_ID, "/request/id")
                .attribute(StripeAttributes.REQUEST_IDEMPOTENCY_KEY, "/request/idempotency_key")
                // Before API version 2017-05-25 `request` was the request id itself.
                .attribute(LEGACY_REQUEST, "/request")
                .attribute(CONTEXT, "/context")
                .attribute(StripeAttributes.RELATED_OBJECT_ID, "/related_object/id")
                .attribute(StripeAttributes.RELATED_OBJECT_TYPE, "/related_object/type")
                .attribute(StripeAttributes.RELATED_OBJECT_URL, "/related_object/url")
                .attribute(StripeAttributes.RELATED_OBJECT_CONTEXT, "/related_object/stripe_context")
                .attribute(REASON_REQUEST_ID, "/reason/request/id")
                .attribute(REASON_REQUEST_KEY, "/reason/request/idempotency_key")
                .limits(limits)
                .build();
    }

    /**
     * A decoder with the default {@link JsonLimits}, for this module's tests.
     *
     * @return the decoder
     */
    public static StripeEventDecoder create() {
        return new StripeEventDecoder(JsonLimits.defaults());
    }

    /**
     * A decoder with custom JSON limits (Stripe events are a few kilobytes; the defaults fit).
     *
     * @param limits the limits
     * @return the decoder
     */
    public static StripeEventDecoder withLimits(JsonLimits limits) {
        return new StripeEventDecoder(Objects.requireNonNull(limits, "limits"));
    }

    @Override
    public Event decode(WebhookRequest request, Verification verification) {
        Event event = envelope.decode(request, verification);
        boolean thin = StripeEventTypes.THIN_EVENT_OBJECT.equals(event.attribute(StripeAttributes.OBJECT).orElse(null));
        if (!thin && !hasInternal(event.attributes())) {
            return event; // the common case: a modern snapshot event, already complete
        }
        return normalise(event, thin);
    }

    /** Rebuilds thin and legacy events so every event reads the same way; shares the body, no copy. */
    private Event normalise(Event event, boolean thin) {
        Map<String, String> found = event.attributes();
        Event.Builder builder = event.newBuilder().account(null).idempotencyKey(null).limits(limits);
        for (String name : found.keySet()) {
            if (name.startsWith(INTERNAL)) {
                builder.removeAttribute(name);
            }
        }
        if (thin) {
            // A thin event is about its related object; ordered by it when the event names one.
            String relatedType = found.get(StripeAttributes.RELATED_OBJECT_TYPE);
            String relatedId = found.get(StripeAttributes.RELATED_OBJECT_ID);
            if (relatedType != null && !relatedType.isEmpty() && relatedId != null && !relatedId.isEmpty()) {
                builder.orderingObject(relatedType, relatedId);
            }
            builder.dataPointer(THIN_DATA)
                    .account(found.get(CONTEXT))
                    .attribute(StripeAttributes.REQUEST_ID, found.get(REASON_REQUEST_ID))
                    .attribute(StripeAttributes.REQUEST_IDEMPOTENCY_KEY, found.get(REASON_REQUEST_KEY));
        } else {
            builder.dataPointer(SNAPSHOT_DATA)
                    .account(event.account().orElse(null));
            if (!found.containsKey(StripeAttributes.REQUEST_ID)) {
                builder.attribute(StripeAttributes.REQUEST_ID, found.get(LEGACY_REQUEST));
            }
        }
        return builder.build();
    }

    private static boolean hasInternal(Map<String, String> attributes) {
        for (String name : attributes.keySet()) {
            if (name.startsWith(INTERNAL)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "StripeEventDecoder[" + limits + "]";
    }
}
