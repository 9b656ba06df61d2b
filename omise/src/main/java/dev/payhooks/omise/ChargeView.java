package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the charge in a {@code charge.*} event. Amounts are {@code long} minor units
 * of {@link #currency()} (satang for THB: 100000 is 1,000.00 THB). Anything not here is available
 * through {@link Event#at(String)}, e.g. {@code event.at("/data/metadata/order_id")}. Immutable.
 *
 * <pre>{@code
 * .on(OmiseEventKeys.CHARGE_COMPLETE, event -> {
 *     ChargeView charge = ChargeView.of(event);
 *     if (charge.paid()) orders.markPaid(charge.id(), charge.amount(), charge.currency());
 * })
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ChargeView extends OmiseMoneyView {

    private final boolean livemode;
    private final String status;
    private final boolean paid;
    private final boolean authorized;
    private final long refundedAmount;
    private final String failureCode;
    private final String failureMessage;
    private final String transaction;
    private final String customer;
    private final String description;

    private ChargeView(Fields f) {
        super(f);
        this.livemode = f.flag("livemode");
        this.status = f.text("status").orElse(null);
        this.paid = f.flag("paid");
        this.authorized = f.flag("authorized");
        this.refundedAmount = f.amountOrZero("refunded_amount", "refunded");
        this.failureCode = f.text("failure_code").orElse(null);
        this.failureMessage = f.text("failure_message").orElse(null);
        this.transaction = f.text("transaction").orElse(null);
        this.customer = f.text("customer").orElse(null);
        this.description = f.text("description").orElse(null);
    }

    /**
     * Reads the charge from an event's data.
     *
     * @param event a verified Omise event whose data is a charge
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException {@code INVALID_EVENT_FIELD} when the data is not
     *         a charge or an amount is not a whole number; {@code MISSING_EVENT_FIELD} when the id,
     *         amount or currency is absent
     */
    public static ChargeView of(Event event) {
        return new ChargeView(Fields.of(Objects.requireNonNull(event, "event"), "charge"));
    }

    /**
     * Whether it is a live-mode charge.
     *
     * @return {@code true} in live mode
     */
    public boolean livemode() {
        return livemode;
    }

    /**
     * The status.
     *
     * @return {@code pending}, {@code successful}, {@code failed}, {@code expired}, {@code reversed}; empty on old API versions
     */
    public Optional<String> status() {
        return Optional.ofNullable(status);
    }

    /**
     * Whether the charge is paid.
     *
     * @return whether paid
     */
    public boolean paid() {
        return paid;
    }

    /**
     * Whether the charge is authorized.
     *
     * @return whether authorized
     */
    public boolean authorized() {
        return authorized;
    }

    /**
     * The amount refunded so far ({@code refunded} on old API versions).
     *
     * @return minor units
     */
    public long refundedAmount() {
        return refundedAmount;
    }

    /**
     * Omise's failure code, when the charge failed.
     *
     * @return the code
     */
    public Optional<String> failureCode() {
        return Optional.ofNullable(failureCode);
    }

    /**
     * Omise's failure message, when the charge failed.
     *
     * @return the message
     */
    public Optional<String> failureMessage() {
        return Optional.ofNullable(failureMessage);
    }

    /**
     * The transaction, once there is one.
     *
     * @return the transaction id
     */
    public Optional<String> transaction() {
        return Optional.ofNullable(transaction);
    }

    /**
     * The customer, when the charge has one.
     *
     * @return the customer id
     */
    public Optional<String> customer() {
        return Optional.ofNullable(customer);
    }

    /**
     * The merchant's description.
     *
     * @return the description
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(livemode, status, paid, authorized, refundedAmount, failureCode, failureMessage, transaction,
                customer, description);
    }
}
