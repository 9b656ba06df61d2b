package dev.payhooks.omise;

import java.util.Set;

/**
 * The event keys (Omise's word for event types: the {@code key} member of an event) listed in
 * Omise's <a href="https://docs.omise.co/api-webhooks">webhook documentation</a>. Use them with
 * {@code WebhookReceiver.Builder.on(OmiseEventKeys.CHARGE_COMPLETE, ...)} or a prefix such as
 * {@code "charge.*"}. Keys not listed here still decode: Omise adds keys over time.
 *
 * @since 0.1.0
 */
public final class OmiseEventKeys {

    /** Charge created. */
    public static final String CHARGE_CREATE = "charge.create";
    /** Payment completed (3-D Secure, internet banking, wallets and other redirect flows). */
    public static final String CHARGE_COMPLETE = "charge.complete";
    /** Payment failed. */
    public static final String CHARGE_FAILED = "charge.failed";
    /** Uncaptured authorization expired. */
    public static final String CHARGE_EXPIRE = "charge.expire";
    /** Charge reversed. */
    public static final String CHARGE_REVERSE = "charge.reverse";
    /** Pre-authorized charge captured. */
    public static final String CHARGE_CAPTURE = "charge.capture";
    /** Charge updated. */
    public static final String CHARGE_UPDATE = "charge.update";

    /** Customer created. */
    public static final String CUSTOMER_CREATE = "customer.create";
    /** Customer updated. */
    public static final String CUSTOMER_UPDATE = "customer.update";
    /** A customer's card updated (through the customer). */
    public static final String CUSTOMER_UPDATE_CARD = "customer.update.card";
    /** Customer deleted. */
    public static final String CUSTOMER_DESTROY = "customer.destroy";

    /** Card updated. */
    public static final String CARD_UPDATE = "card.update";
    /** Card deleted from a customer. */
    public static final String CARD_DESTROY = "card.destroy";

    /** Refund created. */
    public static final String REFUND_CREATE = "refund.create";

    /** Transfer created. */
    public static final String TRANSFER_CREATE = "transfer.create";
    /** Transfer marked as paid. */
    public static final String TRANSFER_PAY = "transfer.pay";
    /** Transfer sent to the bank. */
    public static final String TRANSFER_SEND = "transfer.send";
    /** Transfer failed. */
    public static final String TRANSFER_FAIL = "transfer.fail";
    /** Transfer deleted. */
    public static final String TRANSFER_DESTROY = "transfer.destroy";
    /** Transfer updated. */
    public static final String TRANSFER_UPDATE = "transfer.update";

    /** Recipient created. */
    public static final String RECIPIENT_CREATE = "recipient.create";
    /** Recipient activated. */
    public static final String RECIPIENT_ACTIVATE = "recipient.activate";
    /** Recipient deactivated. */
    public static final String RECIPIENT_DEACTIVATE = "recipient.deactivate";
    /** Recipient verified. */
    public static final String RECIPIENT_VERIFY = "recipient.verify";
    /** Recipient updated. */
    public static final String RECIPIENT_UPDATE = "recipient.update";
    /** Recipient deleted. */
    public static final String RECIPIENT_DESTROY = "recipient.destroy";

    /** Dispute filed by the customer. */
    public static final String DISPUTE_CREATE = "dispute.create";
    /** Dispute updated. */
    public static final String DISPUTE_UPDATE = "dispute.update";
    /** Dispute accepted by the merchant. */
    public static final String DISPUTE_ACCEPT = "dispute.accept";
    /** Dispute resolved. */
    public static final String DISPUTE_CLOSE = "dispute.close";

    /** Payment link created. */
    public static final String LINK_CREATE = "link.create";

    /** Direct-debit account linked. */
    public static final String LINKED_ACCOUNT_CREATE = "linked_account.create";
    /** Direct-debit linking completed. */
    public static final String LINKED_ACCOUNT_COMPLETE = "linked_account.complete";

    /** Recurring schedule created. */
    public static final String SCHEDULE_CREATE = "schedule.create";
    /** Schedule suspended (failed charges). */
    public static final String SCHEDULE_SUSPEND = "schedule.suspend";
    /** Schedule about to expire. */
    public static final String SCHEDULE_EXPIRING = "schedule.expiring";
    /** Schedule expired. */
    public static final String SCHEDULE_EXPIRE = "schedule.expire";
    /** Schedule deleted. */
    public static final String SCHEDULE_DESTROY = "schedule.destroy";

    /** Every key above (38), for validation and tests. */
    public static final Set<String> ALL = Set.of(
            CHARGE_CREATE, CHARGE_COMPLETE, CHARGE_FAILED, CHARGE_EXPIRE, CHARGE_REVERSE, CHARGE_CAPTURE, CHARGE_UPDATE,
            CUSTOMER_CREATE, CUSTOMER_UPDATE, CUSTOMER_UPDATE_CARD, CUSTOMER_DESTROY,
            CARD_UPDATE, CARD_DESTROY,
            REFUND_CREATE,
            TRANSFER_CREATE, TRANSFER_PAY, TRANSFER_SEND, TRANSFER_FAIL, TRANSFER_DESTROY, TRANSFER_UPDATE,
            RECIPIENT_CREATE, RECIPIENT_ACTIVATE, RECIPIENT_DEACTIVATE, RECIPIENT_VERIFY, RECIPIENT_UPDATE, RECIPIENT_DESTROY,
            DISPUTE_CREATE, DISPUTE_UPDATE, DISPUTE_ACCEPT, DISPUTE_CLOSE,
            LINK_CREATE,
            LINKED_ACCOUNT_CREATE, LINKED_ACCOUNT_COMPLETE,
            SCHEDULE_CREATE, SCHEDULE_SUSPEND, SCHEDULE_EXPIRING, SCHEDULE_EXPIRE, SCHEDULE_DESTROY);

    private OmiseEventKeys() {
    }
}
