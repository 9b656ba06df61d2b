package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Stripe PaymentIntent ({@code payment_intent.*}; docs.stripe.com/api/payment_intents/object).
 * Immutable.
 *
 * @since 0.1.0
 */
public final class PaymentIntentView {

    private final String id;
    private final long amount;
    private final long amountReceived;
    private final long amountCapturable;
    private final String currency;
    private final String status;
    private final String customer;
    private final String latestCharge;
    private final String paymentMethod;
    private final String captureMethod;
    private final String description;
    private final PaymentError lastPaymentError;
    private final long created;
    private final boolean livemode;
    private final Map<String, String> metadata;

    @JsonCreator
    private PaymentIntentView(@JsonProperty("id") String id, @JsonProperty("amount") long amount,
                              @JsonProperty("amount_received") long amountReceived,
                              @JsonProperty("amount_capturable") long amountCapturable,
                              @JsonProperty("currency") String currency, @JsonProperty("status") String status,
                              @JsonProperty("customer") String customer, @JsonProperty("latest_charge") String latestCharge,
                              @JsonProperty("payment_method") String paymentMethod,
                              @JsonProperty("capture_method") String captureMethod,
                              @JsonProperty("description") String description,
                              @JsonProperty("last_payment_error") PaymentError lastPaymentError,
                              @JsonProperty("created") long created, @JsonProperty("livemode") boolean livemode,
                              @JsonProperty("metadata") Map<String, String> metadata) {
        this.id = Views.text(id);
        this.amount = amount;
        this.amountReceived = amountReceived;
        this.amountCapturable = amountCapturable;
        this.currency = Views.text(currency);
        this.status = Views.text(status);
        this.customer = customer;
        this.latestCharge = latestCharge;
        this.paymentMethod = paymentMethod;
        this.captureMethod = Views.text(captureMethod);
        this.description = description;
        this.lastPaymentError = lastPaymentError;
        this.created = created;
        this.livemode = livemode;
        this.metadata = Views.map(metadata);
    }

    /**
     * The PaymentIntent id.
     *
     * @return {@code pi_...}; empty only in previous attributes that leave it out
     */
    public String id() {
        return id;
    }

    /**
     * The intended amount.
     *
     * @return minor units of {@link #currency()}
     */
    public long amount() {
        return amount;
    }

    /**
     * The amount received.
     *
     * @return minor units
     */
    public long amountReceived() {
        return amountReceived;
    }

    /**
     * The amount that can still be captured.
     *
     * @return minor units
     */
    public long amountCapturable() {
        return amountCapturable;
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
     * @return {@code requires_payment_method}, {@code processing}, {@code succeeded}, {@code canceled},
     *         ...; empty when absent
     */
    public String status() {
        return status;
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
     * The latest charge (API 2022-11-15 and later).
     *
     * @return the charge id
     */
    public Optional<String> latestCharge() {
        return Optional.ofNullable(latestCharge);
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
     * How the funds are captured.
     *
     * @return {@code automatic}, {@code automatic_async} or {@code manual}; empty when absent
     */
    public String captureMethod() {
        return captureMethod;
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
     * The last payment error.
     *
     * @return the error, when the last attempt failed
     */
    public Optional<PaymentError> lastPaymentError() {
        return Optional.ofNullable(lastPaymentError);
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
        return Arrays.asList(id, amount, amountReceived, amountCapturable, currency, status, customer, latestCharge,
                paymentMethod, captureMethod, description, lastPaymentError, created, livemode, metadata);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PaymentIntentView that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "PaymentIntentView" + values();
    }

    /**
     * A PaymentIntent's {@code last_payment_error}. Immutable.
     *
     * @since 0.1.0
     */
    public static final class PaymentError {

        private final String type;
        private final String code;
        private final String declineCode;
        private final String message;

        @JsonCreator
        private PaymentError(@JsonProperty("type") String type, @JsonProperty("code") String code,
                             @JsonProperty("decline_code") String declineCode, @JsonProperty("message") String message) {
            this.type = Views.text(type);
            this.code = code;
            this.declineCode = declineCode;
            this.message = message;
        }

        /**
         * The kind of error.
         *
         * @return {@code card_error}, {@code api_error}, ...; empty when absent
         */
        public String type() {
            return type;
        }

        /**
         * The error code.
         *
         * @return e.g. {@code card_declined}
         */
        public Optional<String> code() {
            return Optional.ofNullable(code);
        }

        /**
         * The issuer's decline code.
         *
         * @return e.g. {@code insufficient_funds}
         */
        public Optional<String> declineCode() {
            return Optional.ofNullable(declineCode);
        }

        /**
         * A human-readable message.
         *
         * @return the message
         */
        public Optional<String> message() {
            return Optional.ofNullable(message);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PaymentError that && Arrays.asList(type, code, declineCode, message)
                    .equals(Arrays.asList(that.type, that.code, that.declineCode, that.message));
        }

        @Override
        public int hashCode() {
            return Arrays.asList(type, code, declineCode, message).hashCode();
        }

        @Override
        public String toString() {
            return "PaymentError" + Arrays.asList(type, code, declineCode, message);
        }
    }
}
