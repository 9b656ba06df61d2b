package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Stripe Dispute ({@code charge.dispute.*}; docs.stripe.com/api/disputes/object). Immutable.
 *
 * @since 0.1.0
 */
public final class DisputeView {

    private final String id;
    private final long amount;
    private final String currency;
    private final String charge;
    private final String paymentIntent;
    private final String reason;
    private final String status;
    private final boolean chargeRefundable;
    private final EvidenceDetails evidenceDetails;
    private final long created;
    private final boolean livemode;
    private final Map<String, String> metadata;

    @JsonCreator
    private DisputeView(@JsonProperty("id") String id, @JsonProperty("amount") long amount,
                        @JsonProperty("currency") String currency, @JsonProperty("charge") String charge,
                        @JsonProperty("payment_intent") String paymentIntent, @JsonProperty("reason") String reason,
                        @JsonProperty("status") String status, @JsonProperty("is_charge_refundable") boolean chargeRefundable,
                        @JsonProperty("evidence_details") EvidenceDetails evidenceDetails,
                        @JsonProperty("created") long created, @JsonProperty("livemode") boolean livemode,
                        @JsonProperty("metadata") Map<String, String> metadata) {
        this.id = Views.text(id);
        this.amount = amount;
        this.currency = Views.text(currency);
        this.charge = Views.text(charge);
        this.paymentIntent = paymentIntent;
        this.reason = Views.text(reason);
        this.status = Views.text(status);
        this.chargeRefundable = chargeRefundable;
        this.evidenceDetails = evidenceDetails;
        this.created = created;
        this.livemode = livemode;
        this.metadata = Views.map(metadata);
    }

    /**
     * The dispute id.
     *
     * @return {@code dp_...} or {@code du_...}; empty only in previous attributes that leave it out
     */
    public String id() {
        return id;
    }

    /**
     * The disputed amount.
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
     * The disputed charge.
     *
     * @return the charge id; empty when absent
     */
    public String charge() {
        return charge;
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
     * Why the customer disputed.
     *
     * @return {@code fraudulent}, {@code product_not_received}, {@code duplicate}, ...; empty when absent
     */
    public String reason() {
        return reason;
    }

    /**
     * The status.
     *
     * @return {@code warning_needs_response}, {@code needs_response}, {@code under_review}, {@code won},
     *         {@code lost}, ...; empty when absent
     */
    public String status() {
        return status;
    }

    /**
     * Whether the charge can still be refunded.
     *
     * @return whether refundable
     */
    public boolean chargeRefundable() {
        return chargeRefundable;
    }

    /**
     * The evidence deadline and submission state.
     *
     * @return the details
     */
    public Optional<EvidenceDetails> evidenceDetails() {
        return Optional.ofNullable(evidenceDetails);
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
        return Arrays.asList(id, amount, currency, charge, paymentIntent, reason, status, chargeRefundable, evidenceDetails,
                created, livemode, metadata);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DisputeView that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "DisputeView" + values();
    }

    /**
     * A dispute's {@code evidence_details}. Immutable.
     *
     * @since 0.1.0
     */
    public static final class EvidenceDetails {

        private final Long dueBy;
        private final boolean hasEvidence;
        private final boolean pastDue;
        private final int submissionCount;

        @JsonCreator
        private EvidenceDetails(@JsonProperty("due_by") Long dueBy, @JsonProperty("has_evidence") boolean hasEvidence,
                                @JsonProperty("past_due") boolean pastDue, @JsonProperty("submission_count") int submissionCount) {
            this.dueBy = dueBy;
            this.hasEvidence = hasEvidence;
            this.pastDue = pastDue;
            this.submissionCount = submissionCount;
        }

        /**
         * The evidence deadline.
         *
         * @return the instant, when there is one
         */
        public Optional<Instant> dueBy() {
            return Optional.ofNullable(dueBy).map(Instant::ofEpochSecond);
        }

        /**
         * Whether evidence was saved.
         *
         * @return whether there is evidence
         */
        public boolean hasEvidence() {
            return hasEvidence;
        }

        /**
         * Whether the deadline passed.
         *
         * @return whether past due
         */
        public boolean pastDue() {
            return pastDue;
        }

        /**
         * How many times evidence was submitted.
         *
         * @return the count
         */
        public int submissionCount() {
            return submissionCount;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EvidenceDetails that && java.util.Objects.equals(dueBy, that.dueBy)
                    && hasEvidence == that.hasEvidence && pastDue == that.pastDue && submissionCount == that.submissionCount;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(dueBy, hasEvidence, pastDue, submissionCount);
        }

        @Override
        public String toString() {
            return "EvidenceDetails[dueBy=" + dueBy + ", hasEvidence=" + hasEvidence + ", pastDue=" + pastDue
                    + ", submissionCount=" + submissionCount + "]";
        }
    }
}
