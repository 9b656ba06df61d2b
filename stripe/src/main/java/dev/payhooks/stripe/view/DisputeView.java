package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A Stripe Dispute ({@code charge.dispute.*}; docs.stripe.com/api/disputes/object).
 *
 * @param id the dispute id ({@code dp_...} or {@code du_...})
 * @param amount the disputed amount in the currency's minor unit
 * @param currency the three-letter ISO code, lower case
 * @param charge the disputed charge id
 * @param paymentIntent the PaymentIntent id, or {@code null}
 * @param reason {@code fraudulent}, {@code product_not_received}, {@code duplicate}, ...
 * @param status {@code warning_needs_response}, {@code needs_response}, {@code under_review}, {@code won}, {@code lost}, ...
 * @param chargeRefundable whether the charge can still be refunded
 * @param evidenceDetails the evidence deadline and submission state, or {@code null}
 * @param created creation time in Unix seconds
 * @param livemode whether the object lives in live mode
 * @param metadata your key-value metadata; empty when none
 *
 * @since 0.1.0
 */
public record DisputeView(
        String id,
        long amount,
        String currency,
        String charge,
        @JsonProperty("payment_intent") String paymentIntent,
        String reason,
        String status,
        @JsonProperty("is_charge_refundable") boolean chargeRefundable,
        @JsonProperty("evidence_details") EvidenceDetails evidenceDetails,
        long created,
        boolean livemode,
        Map<String, String> metadata) {

    /**
     * Normalises absent metadata to an empty map.
     *
     * @param id the id
     * @param amount the amount
     * @param currency the currency
     * @param charge the charge id
     * @param paymentIntent the PaymentIntent id
     * @param reason the reason
     * @param status the status
     * @param chargeRefundable whether the charge is refundable
     * @param evidenceDetails the evidence details
     * @param created creation time
     * @param livemode live mode
     * @param metadata the metadata
     */
    public DisputeView {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * A dispute's {@code evidence_details}.
     *
     * @param dueBy the evidence deadline in Unix seconds, or {@code null}
     * @param hasEvidence whether evidence was saved
     * @param pastDue whether the deadline passed
     * @param submissionCount how many times evidence was submitted
      *
      * @since 0.1.0
     */
    public record EvidenceDetails(
            @JsonProperty("due_by") Long dueBy,
            @JsonProperty("has_evidence") boolean hasEvidence,
            @JsonProperty("past_due") boolean pastDue,
            @JsonProperty("submission_count") int submissionCount) {
    }
}
