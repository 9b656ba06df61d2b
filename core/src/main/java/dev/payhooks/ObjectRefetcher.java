package dev.payhooks;

/**
 * Fetches an object's current state from the provider, with your own API client, for events the
 * ordering guard cannot order by themselves ({@link OrderingPolicy#REFETCH}: an older event, or a
 * same-second tie). payhooks makes no API call itself. Provider modules adapt their own hooks
 * (Stripe: {@code StripeEvents.refetcher(RelatedObjectFetcher)}).
 *
 * <pre>{@code
 * ObjectRefetcher refunds = (event, object) -> stripe.refunds().retrieve(object.id());
 * }</pre>
 *
 * <p>Whatever it returns reaches the handlers as {@link Event#refetched(Class)}: your client's own
 * type, or JSON text ({@link String} or {@code byte[]}) that payhooks binds to a view. An exception
 * answers the delivery 503 (no handler runs), so the provider delivers it again later.
 * Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ObjectRefetcher {

    /**
     * Fetches the current state of the object.
     *
     * @param event the delivered event
     * @param object the object it is about
     * @return the object's current state; not {@code null}
     * @throws RuntimeException when the provider cannot be asked now (answered 503)
     */
    Object fetch(Event event, ObjectRef object);
}
