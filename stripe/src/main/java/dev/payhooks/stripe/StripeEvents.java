package dev.payhooks.stripe;

import dev.payhooks.Event;

import java.util.Objects;
import java.util.Optional;

/**
 * Stripe-specific readings of a decoded {@link Event}.
 *
 * <pre>{@code
 * receiver.on(StripeEventTypes.REFUND_UPDATED, event -> {
 *     RefundView refund = event.data(RefundView.class);
 *     Optional<RefundView> before = StripeEvents.previousAttributes(event, RefundView.class);
 *     String requestId = StripeEvents.requestId(event).orElse("automatic");
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StripeEvents {

    private static final String PREVIOUS_ATTRIBUTES = "/data/previous_attributes";

    private StripeEvents() {
    }

    /**
     * Whether this is a thin event ({@code "object": "v2.core.event"}) from an event destination.
     *
     * @param event a Stripe event
     * @return {@code true} for thin events
     */
    public static boolean isThin(Event event) {
        return StripeEventTypes.THIN_EVENT_OBJECT.equals(Objects.requireNonNull(event, "event")
                .attribute(StripeAttributes.OBJECT).orElse(null));
    }

    /**
     * The id of the API request that caused the event.
     *
     * @param event a Stripe event
     * @return the {@code req_...} id, or empty for events Stripe raised on its own
     */
    public static Optional<String> requestId(Event event) {
        return Objects.requireNonNull(event, "event").attribute(StripeAttributes.REQUEST_ID);
    }

    /**
     * The idempotency key of the API request that caused the event (not the key payhooks
     * deduplicates deliveries by).
     *
     * @param event a Stripe event
     * @return the key, or empty
     */
    public static Optional<String> requestIdempotencyKey(Event event) {
        return Objects.requireNonNull(event, "event").attribute(StripeAttributes.REQUEST_IDEMPOTENCY_KEY);
    }

    /**
     * The values a {@code *.updated} snapshot event's object had before the change
     * ({@code data.previous_attributes}), bound to a type; only the changed members are present.
     *
     * @param event a Stripe snapshot event
     * @param type a record or bean, for example a view
     * @param <T> the type
     * @return the previous values, or empty when the event has none
     * @throws dev.payhooks.WebhookDecodingException when they do not fit the type
     */
    public static <T> Optional<T> previousAttributes(Event event, Class<T> type) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(type, "type");
        if (event.jsonAt(PREVIOUS_ATTRIBUTES).filter(json -> !json.equals("null")).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(event.bind(PREVIOUS_ATTRIBUTES, type));
    }

    /**
     * The object a thin event is about.
     *
     * @param event a Stripe event
     * @return the reference, or empty for snapshot events and thin events without one
     */
    public static Optional<StripeRelatedObject> relatedObject(Event event) {
        Objects.requireNonNull(event, "event");
        Optional<String> id = event.attribute(StripeAttributes.RELATED_OBJECT_ID);
        Optional<String> type = event.attribute(StripeAttributes.RELATED_OBJECT_TYPE);
        if (id.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StripeRelatedObject(id.get(), type.get(),
                event.attribute(StripeAttributes.RELATED_OBJECT_URL).orElse(""),
                event.attribute(StripeAttributes.RELATED_OBJECT_CONTEXT).orElse("")));
    }

    /**
     * Fetches the full object behind a thin event with your own Stripe client. payhooks makes no
     * call itself; whatever {@code fetcher} throws propagates (the receiver then answers 500 and
     * Stripe retries).
     *
     * @param event a Stripe event
     * @param fetcher calls your Stripe client
     * @param <T> what your client returns
     * @return the object, or empty when the event has no related object (the fetcher is not called)
     */
    public static <T> Optional<T> fetchRelatedObject(Event event, RelatedObjectFetcher<T> fetcher) {
        Objects.requireNonNull(fetcher, "fetcher");
        return relatedObject(event).map(fetcher::fetch);
    }

    /**
     * The ordering guard's refetch hook ({@link dev.payhooks.Ordering.Builder#refetcher}) on your
     * {@link RelatedObjectFetcher}: it is given the object the event is about (for a snapshot
     * event {@code data.object}'s type and id and the event's account as the context; for a thin
     * event its related object), and what it returns reaches the handlers as
     * {@code event.refetched(YourType.class)}.
     *
     * <pre>{@code
     * Ordering ordering = Ordering.builder()
     *         .refetcher(StripeEvents.refetcher(ref -> stripeClient.refunds().retrieve(ref.id())))
     *         .build();
     * }</pre>
     *
     * @param fetcher calls your Stripe client; an exception answers the delivery 503
     * @return the refetch hook
     * @since 0.1.0
     */
    public static dev.payhooks.ObjectRefetcher refetcher(RelatedObjectFetcher<?> fetcher) {
        Objects.requireNonNull(fetcher, "fetcher");
        return (event, object) -> {
            Optional<StripeRelatedObject> related = relatedObject(event)
                    .filter(r -> r.id().equals(object.id()) && r.type().equals(object.type()));
            return fetcher.fetch(related.orElseGet(() -> new StripeRelatedObject(object.id(), object.type(), null,
                    event.account().orElse(null))));
        };
    }
}
