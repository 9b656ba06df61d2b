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
 * @param reason {@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, ... or {@code null}
 * @param failureReason why a failed refund failed ({@code expired_or_canceled_card}, ...), or {@code null}
 * @param charge the refunded charge id, or {@code null}
 * @param paymentIntent the refunded PaymentIntent id, or {@code null}
 * @param balanceTransaction the balance transaction id, or {@code null}
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
     * Normalises absent metadata to an empty map.
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
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
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
