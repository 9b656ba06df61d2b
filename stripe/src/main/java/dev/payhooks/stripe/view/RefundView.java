package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A Stripe Refund ({@code refund.created}, {@code refund.updated}, {@code refund.failed};
 * docs.stripe.com/api/refunds/object).
 *
 * @param id the refund id ({@code re_...})
 * @param amount the amount in the currency's minor unit
 * @param currency the three-letter ISO code, lower case
 * @param status {@code pending}, {@code requires_action}, {@code succeeded}, {@code failed} or {@code canceled}
 * @param reason {@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, ...; empty when absent
 * @param failureReason why a failed refund failed ({@code expired_or_canceled_card}, ...); empty when absent
 * @param charge the refunded charge id; empty when absent
 * @param paymentIntent the refunded PaymentIntent id; empty when absent
 * @param balanceTransaction the balance transaction id; empty when absent
 * @param created creation time in Unix seconds
 * @param metadata your key-value metadata; empty when none
 *
 * @since 0.1.0
 */
public record RefundView(
        String id,
        long amount,
        String currency,
        String status,
        String reason,
        @JsonProperty("failure_reason") String failureReason,
        String charge,
        @JsonProperty("payment_intent") String paymentIntent,
        @JsonProperty("balance_transaction") String balanceTransaction,
        long created,
        Map<String, String> metadata) {

    /**
     * Normalises absent members to empty values: no accessor returns {@code null}.
     *
     * @param id the refund id
     * @param amount the amount in minor units
     * @param currency the currency
     * @param status the status
     * @param reason the reason
     * @param failureReason the failure reason
     * @param charge the charge id
     * @param paymentIntent the PaymentIntent id
     * @param balanceTransaction the balance transaction id
     * @param created creation time in Unix seconds
     * @param metadata the metadata
     */
    public RefundView {
        id = Views.text(id);
        currency = Views.text(currency);
        status = Views.text(status);
        reason = Views.text(reason);
        failureReason = Views.text(failureReason);
        charge = Views.text(charge);
        paymentIntent = Views.text(paymentIntent);
        balanceTransaction = Views.text(balanceTransaction);
        metadata = Views.map(metadata);
    }

    /**
     * Whether the refund failed.
     *
     * @return {@code true} when the status is {@code failed}
     */
    public boolean isFailed() {
        return "failed".equals(status);
    }
}
