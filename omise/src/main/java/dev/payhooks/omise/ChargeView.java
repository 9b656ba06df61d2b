package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the charge in a {@code charge.*} event. Amounts are {@code long} minor units
 * of {@link #currency()} (satang for THB: 100000 is 1,000.00 THB). Anything not here is available
 * through {@link Event#at(String)}, e.g. {@code event.at("/data/metadata/order_id")}.
 *
 * <pre>{@code
 * .on(OmiseEventKeys.CHARGE_COMPLETE, event -> {
 *     ChargeView charge = ChargeView.of(event);
 *     if (charge.paid()) orders.markPaid(charge.id(), charge.amount(), charge.currency());
 * })
 * }</pre>
 *
 * @param id the charge id ({@code chrg_...})
 * @param livemode whether it is a live-mode charge
 * @param amount the amount in minor units
 * @param currency the ISO 4217 currency code as Omise writes it ({@code thb}, {@code THB})
 * @param status {@code pending}, {@code successful}, {@code failed}, {@code expired}, {@code reversed}; empty on old API versions
 * @param paid whether the charge is paid
 * @param authorized whether the charge is authorized
 * @param refundedAmount the amount refunded so far in minor units ({@code refunded} on old API versions)
 * @param failureCode Omise's failure code when the charge failed
 * @param failureMessage Omise's failure message when the charge failed
 * @param transaction the transaction id, once there is one
 * @param customer the customer id, when the charge has one
 * @param description the merchant's description
 * @param createdAt when the charge was created
 *
 * @since 0.1.0
 */
public record ChargeView(String id, boolean livemode, long amount, String currency, Optional<String> status,
                         boolean paid, boolean authorized, long refundedAmount,
                         Optional<String> failureCode, Optional<String> failureMessage, Optional<String> transaction,
                         Optional<String> customer, Optional<String> description, Optional<Instant> createdAt) {

    /**
     * Validates.
     *
     * @param id the charge id
     * @param livemode live mode
     * @param amount minor units
     * @param currency currency code
     * @param status status
     * @param paid paid
     * @param authorized authorized
     * @param refundedAmount refunded minor units
     * @param failureCode failure code
     * @param failureMessage failure message
     * @param transaction transaction id
     * @param customer customer id
     * @param description description
     * @param createdAt creation instant
     */
    public ChargeView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
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
        Fields f = Fields.of(Objects.requireNonNull(event, "event"), "charge");
        return new ChargeView(f.requiredText("id"), f.flag("livemode"), f.amount("amount"), f.requiredText("currency"),
                f.text("status"), f.flag("paid"), f.flag("authorized"), f.amountOrZero("refunded_amount", "refunded"),
                f.text("failure_code"), f.text("failure_message"), f.text("transaction"), f.text("customer"),
                f.text("description"), f.instant("created_at", "created"));
    }
}
