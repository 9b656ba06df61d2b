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
 * @param paymentIntent the PaymentIntent id; empty when absent
 * @param reason {@code fraudulent}, {@code product_not_received}, {@code duplicate}, ...
 * @param status {@code warning_needs_response}, {@code needs_response}, {@code under_review}, {@code won}, {@code lost}, ...
 * @param chargeRefundable whether the charge can still be refunded
 * @param evidenceDetails the evidence deadline and submission state; all 0 and {@code false} when absent
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
     * Normalises absent members to empty values: no accessor returns {@code null}.
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
        id = Views.text(id);
        currency = Views.text(currency);
        charge = Views.text(charge);
        paymentIntent = Views.text(paymentIntent);
        reason = Views.text(reason);
        status = Views.text(status);
        evidenceDetails = evidenceDetails == null ? new EvidenceDetails(0, false, false, 0) : evidenceDetails;
        metadata = Views.map(metadata);
    }

    /**
     * A dispute's {@code evidence_details}.
     *
     * @param dueBy the evidence deadline in Unix seconds; 0 when there is none
     * @param hasEvidence whether evidence was saved
     * @param pastDue whether the deadline passed
     * @param submissionCount how many times evidence was submitted
     *
     * @since 0.1.0
     */
    public record EvidenceDetails(
            @JsonProperty("due_by") long dueBy,
            @JsonProperty("has_evidence") boolean hasEvidence,
            @JsonProperty("past_due") boolean pastDue,
            @JsonProperty("submission_count") int submissionCount) {
    }
}
