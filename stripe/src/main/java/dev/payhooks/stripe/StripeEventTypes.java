package dev.payhooks.stripe;

/**
 * Stripe event type names merchants commonly handle (docs.stripe.com/api/events/types), for
 * {@code receiver.on(StripeEventTypes.REFUND_FAILED, ...)}. Any other type string works too: the
 * decoder never rejects an unknown type.
 *
 * @since 0.1.0
 */
public final class StripeEventTypes {

    /** A refund was created; it can still fail later. */
    public static final String REFUND_CREATED = "refund.created";
    /** A refund was updated. */
    public static final String REFUND_UPDATED = "refund.updated";
    /** A refund failed: the money did not go back to the customer. */
    public static final String REFUND_FAILED = "refund.failed";
    /** A PaymentIntent succeeded. */
    public static final String PAYMENT_INTENT_SUCCEEDED = "payment_intent.succeeded";
    /** A PaymentIntent's payment attempt failed. */
    public static final String PAYMENT_INTENT_PAYMENT_FAILED = "payment_intent.payment_failed";
    /** A PaymentIntent was canceled. */
    public static final String PAYMENT_INTENT_CANCELED = "payment_intent.canceled";
    /** A PaymentIntent is processing. */
    public static final String PAYMENT_INTENT_PROCESSING = "payment_intent.processing";
    /** A PaymentIntent needs customer action (3-D Secure and the like). */
    public static final String PAYMENT_INTENT_REQUIRES_ACTION = "payment_intent.requires_action";
    /** A charge succeeded. */
    public static final String CHARGE_SUCCEEDED = "charge.succeeded";
    /** A charge failed. */
    public static final String CHARGE_FAILED = "charge.failed";
    /** A charge was refunded, fully or partly. */
    public static final String CHARGE_REFUNDED = "charge.refunded";
    /** A charge was captured. */
    public static final String CHARGE_CAPTURED = "charge.captured";
    /** A customer disputed a charge. */
    public static final String CHARGE_DISPUTE_CREATED = "charge.dispute.created";
    /** A dispute changed. */
    public static final String CHARGE_DISPUTE_UPDATED = "charge.dispute.updated";
    /** A dispute was closed (won, lost or accepted). */
    public static final String CHARGE_DISPUTE_CLOSED = "charge.dispute.closed";
    /** Funds became available in the balance. */
    public static final String BALANCE_AVAILABLE = "balance.available";
    /** A Checkout Session was completed. */
    public static final String CHECKOUT_SESSION_COMPLETED = "checkout.session.completed";
    /** An invoice was paid. */
    public static final String INVOICE_PAID = "invoice.paid";
    /** An invoice payment failed. */
    public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";
    /** A subscription was deleted (canceled). */
    public static final String CUSTOMER_SUBSCRIPTION_DELETED = "customer.subscription.deleted";
    /** A payout was paid. */
    public static final String PAYOUT_PAID = "payout.paid";
    /** A payout failed. */
    public static final String PAYOUT_FAILED = "payout.failed";

    /** Every refund event, as a prefix pattern for {@code receiver.on}. */
    public static final String ALL_REFUND = "refund.*";
    /** Every PaymentIntent event, as a prefix pattern. */
    public static final String ALL_PAYMENT_INTENT = "payment_intent.*";

    /** The {@code object} value of a thin (v2, event destination) event. */
    public static final String THIN_EVENT_OBJECT = "v2.core.event";

    private StripeEventTypes() {
    }
}
