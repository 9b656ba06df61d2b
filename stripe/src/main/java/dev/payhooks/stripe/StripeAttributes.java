package dev.payhooks.stripe;

/**
 * The names of the Stripe-specific values the decoder puts into {@link dev.payhooks.Event#attribute(String)}.
 * An attribute is absent when the event does not carry the value.
 *
 * <table>
 *   <caption>Attributes of Stripe events</caption>
 *   <tr><th>name</th><th>snapshot event (v1)</th><th>thin event (v2)</th></tr>
 *   <tr><td>{@value #OBJECT}</td><td>{@code "event"}</td><td>{@code "v2.core.event"}</td></tr>
 *   <tr><td>{@value #REQUEST_ID}</td><td>{@code request.id} (or the legacy string {@code request})</td>
 *       <td>{@code reason.request.id}</td></tr>
 *   <tr><td>{@value #REQUEST_IDEMPOTENCY_KEY}</td><td>{@code request.idempotency_key}</td>
 *       <td>{@code reason.request.idempotency_key}</td></tr>
 *   <tr><td>{@value #RELATED_OBJECT_ID}</td><td>-</td><td>{@code related_object.id}</td></tr>
 *   <tr><td>{@value #RELATED_OBJECT_TYPE}</td><td>-</td><td>{@code related_object.type}</td></tr>
 *   <tr><td>{@value #RELATED_OBJECT_URL}</td><td>-</td><td>{@code related_object.url}</td></tr>
 *   <tr><td>{@value #RELATED_OBJECT_CONTEXT}</td><td>-</td><td>{@code related_object.stripe_context}</td></tr>
 * </table>
 *
 * <p>The request idempotency key is the key of the API request that caused the event; it is not the
 * key payhooks deduplicates deliveries by ({@link dev.payhooks.Event#idempotencyKey()}, the event id).
 * The Connect account of a snapshot event ({@code account}) and of a thin event ({@code context}) is
 * {@link dev.payhooks.Event#account()}.
 *
 * @since 0.1.0
 */
public final class StripeAttributes {

    /** The envelope's {@code object}: {@code "event"} (snapshot) or {@code "v2.core.event"} (thin). */
    public static final String OBJECT = "object";

    /** The id of the API request that caused the event ({@code req_...}); absent for automatic events. */
    public static final String REQUEST_ID = "request.id";

    /** The idempotency key of the API request that caused the event, when it had one. */
    public static final String REQUEST_IDEMPOTENCY_KEY = "request.idempotency_key";

    /** A thin event's related object id. */
    public static final String RELATED_OBJECT_ID = "related_object.id";

    /** A thin event's related object type ({@code billing.meter}). */
    public static final String RELATED_OBJECT_TYPE = "related_object.type";

    /** A thin event's related object API path ({@code /v1/billing/meters/mtr_...}). */
    public static final String RELATED_OBJECT_URL = "related_object.url";

    /** A thin event's related object Stripe context (the account it lives in), when present. */
    public static final String RELATED_OBJECT_CONTEXT = "related_object.stripe_context";

    private StripeAttributes() {
    }
}
