package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Stripe Refund ({@code refund.created}, {@code refund.updated}, {@code refund.failed};
 * docs.stripe.com/api/refunds/object). Immutable.
 *
 * <pre>{@code
 * RefundView refund = event.data(RefundView.class);
 * if (refund.isFailed()) refunds.markFailed(refund.id(), refund.failureReason().orElse("unknown"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RefundView {

    private final String id;
    private final long amount;
    private final String currency;
    private final String status;
    private final String reason;
    private final String failureReason;
    private final String charge;
    private final String paymentIntent;
    private final String balanceTransaction;
    private final long created;
    private final Map<String, String> metadata;

    @JsonCreator
    private RefundView(@JsonProperty("id") String id, @JsonProperty("amount") long amount,
                       @JsonProperty("currency") String currency, @JsonProperty("status") String status,
                       @JsonProperty("reason") String reason, @JsonProperty("failure_reason") String failureReason,
                       @JsonProperty("charge") String charge, @JsonProperty("payment_intent") String paymentIntent,
                       @JsonProperty("balance_transaction") String balanceTransaction, @JsonProperty("created") long created,
                       @JsonProperty("metadata") Map<String, String> metadata) {
        this.id = Views.text(id);
        this.amount = amount;
        this.currency = Views.text(currency);
        this.status = Views.text(status);
        this.reason = reason;
        this.failureReason = failureReason;
        this.charge = charge;
        this.paymentIntent = paymentIntent;
        this.balanceTransaction = balanceTransaction;
        this.created = created;
        this.metadata = Views.map(metadata);
    }

    /**
     * The refund id.
     *
     * @return {@code re_...}; empty only in previous attributes that leave it out
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
     * @return {@code pending}, {@code requires_action}, {@code succeeded}, {@code failed} or
     *         {@code canceled}; empty when absent
     */
    public String status() {
        return status;
    }

    /**
     * Why the refund was made.
     *
     * @return {@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, ...
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Why a failed refund failed.
     *
     * @return {@code expired_or_canceled_card}, ...
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /**
     * The refunded charge.
     *
     * @return the charge id
     */
    public Optional<String> charge() {
        return Optional.ofNullable(charge);
    }

    /**
     * The refunded PaymentIntent.
     *
     * @return the PaymentIntent id
     */
    public Optional<String> paymentIntent() {
        return Optional.ofNullable(paymentIntent);
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
     * The creation time.
     *
     * @return Unix seconds; 0 when absent
     */
    public long created() {
        return created;
    }

    /**
     * Your metadata.
     *
     * @return an unmodifiable map; empty when none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Whether the refund failed.
     *
     * @return {@code true} when the status is {@code failed}
     */
    public boolean isFailed() {
        return "failed".equals(status);
    }

    private List<Object> values() {
        return Arrays.asList(id, amount, currency, status, reason, failureReason, charge, paymentIntent, balanceTransaction,
                created, metadata);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RefundView that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "RefundView" + values();
    }
}
