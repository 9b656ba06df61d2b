package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Stripe Charge ({@code charge.*}; docs.stripe.com/api/charges/object). Immutable.
 *
 * @since 0.1.0
 */
public final class ChargeView {

    private final String id;
    private final long amount;
    private final long amountCaptured;
    private final long amountRefunded;
    private final String currency;
    private final String status;
    private final boolean paid;
    private final boolean captured;
    private final boolean refunded;
    private final boolean disputed;
    private final String customer;
    private final String paymentIntent;
    private final String paymentMethod;
    private final String balanceTransaction;
    private final String failureCode;
    private final String failureMessage;
    private final String description;
    private final long created;
    private final boolean livemode;
    private final Map<String, String> metadata;

    @JsonCreator
    private ChargeView(@JsonProperty("id") String id, @JsonProperty("amount") long amount,
                       @JsonProperty("amount_captured") long amountCaptured, @JsonProperty("amount_refunded") long amountRefunded,
                       @JsonProperty("currency") String currency, @JsonProperty("status") String status,
                       @JsonProperty("paid") boolean paid, @JsonProperty("captured") boolean captured,
                       @JsonProperty("refunded") boolean refunded, @JsonProperty("disputed") boolean disputed,
                       @JsonProperty("customer") String customer, @JsonProperty("payment_intent") String paymentIntent,
                       @JsonProperty("payment_method") String paymentMethod,
                       @JsonProperty("balance_transaction") String balanceTransaction,
                       @JsonProperty("failure_code") String failureCode, @JsonProperty("failure_message") String failureMessage,
                       @JsonProperty("description") String description, @JsonProperty("created") long created,
                       @JsonProperty("livemode") boolean livemode, @JsonProperty("metadata") Map<String, String> metadata) {
        this.id = Views.text(id);
        this.amount = amount;
        this.amountCaptured = amountCaptured;
        this.amountRefunded = amountRefunded;
        this.currency = Views.text(currency);
        this.status = Views.text(status);
        this.paid = paid;
        this.captured = captured;
        this.refunded = refunded;
        this.disputed = disputed;
        this.customer = customer;
        this.paymentIntent = paymentIntent;
        this.paymentMethod = paymentMethod;
        this.balanceTransaction = balanceTransaction;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
        this.description = description;
        this.created = created;
        this.livemode = livemode;
        this.metadata = Views.map(metadata);
    }

    /**
     * The charge id.
     *
     * @return {@code ch_...} or {@code py_...}; empty only in previous attributes that leave it out
     */
    public String id() {
        return id;
    }

    /**
     * The amount.
     *
     * @return minor units of {@link #currency()}
     */
    public long amount() {
        return amount;
    }

    /**
     * The amount captured.
     *
     * @return minor units
     */
    public long amountCaptured() {
        return amountCaptured;
    }

    /**
     * The amount refunded.
     *
     * @return minor units
     */
    public long amountRefunded() {
        return amountRefunded;
    }

    /**
     * The currency.
     *
     * @return the three-letter ISO code, lower case; empty when absent
     */
    public String currency() {
        return currency;
    }

    /**
     * The status.
     *
     * @return {@code succeeded}, {@code pending} or {@code failed}; empty when absent
     */
    public String status() {
        return status;
    }

    /**
     * Whether the charge succeeded or was authorised for later capture.
     *
     * @return whether paid
     */
    public boolean paid() {
        return paid;
    }

    /**
     * Whether the charge was captured.
     *
     * @return whether captured
     */
    public boolean captured() {
        return captured;
    }

    /**
     * Whether the charge was fully refunded.
     *
     * @return whether refunded
     */
    public boolean refunded() {
        return refunded;
    }

    /**
     * Whether the charge was disputed.
     *
     * @return whether disputed
     */
    public boolean disputed() {
        return disputed;
    }

    /**
     * The customer.
     *
     * @return the customer id
     */
    public Optional<String> customer() {
        return Optional.ofNullable(customer);
    }

    /**
     * The PaymentIntent.
     *
     * @return the PaymentIntent id
     */
    public Optional<String> paymentIntent() {
        return Optional.ofNullable(paymentIntent);
    }

    /**
     * The payment method.
     *
     * @return the payment method id
     */
    public Optional<String> paymentMethod() {
        return Optional.ofNullable(paymentMethod);
    }

    /**
     * The balance transaction.
     *
     * @return the balance transaction id
     */
    public Optional<String> balanceTransaction() {
        return Optional.ofNullable(balanceTransaction);
    }

    /**
     * The failure code, for failed charges.
     *
     * @return e.g. {@code card_declined}
     */
    public Optional<String> failureCode() {
        return Optional.ofNullable(failureCode);
    }

    /**
     * The failure message, for failed charges.
     *
     * @return the message
     */
    public Optional<String> failureMessage() {
        return Optional.ofNullable(failureMessage);
    }

    /**
     * The description.
     *
     * @return the description
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * The creation time.
     *
     * @return Unix seconds; 0 when absent
     */
    public long created() {
        return created;
    }

    /**
     * Whether the object lives in live mode.
     *
     * @return {@code true} for live mode
     */
    public boolean livemode() {
        return livemode;
    }

    /**
     * Your metadata.
     *
     * @return an unmodifiable map; empty when none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    private List<Object> values() {
        return Arrays.asList(id, amount, amountCaptured, amountRefunded, currency, status, paid, captured, refunded, disputed,
                customer, paymentIntent, paymentMethod, balanceTransaction, failureCode, failureMessage, description, created,
                livemode, metadata);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChargeView that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "ChargeView" + values();
    }
}
