package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A Stripe PaymentIntent ({@code payment_intent.*}; docs.stripe.com/api/payment_intents/object).
 *
 * @param id the PaymentIntent id ({@code pi_...})
 * @param amount the intended amount in the currency's minor unit
 * @param amountReceived the amount received, in minor units
 * @param amountCapturable the amount that can still be captured, in minor units
 * @param currency the three-letter ISO code, lower case
 * @param status {@code requires_payment_method}, {@code processing}, {@code succeeded}, {@code canceled}, ...
 * @param customer the customer id; empty when absent
 * @param latestCharge the latest charge id (API 2022-11-15 and later); empty when absent
 * @param paymentMethod the payment method id; empty when absent
 * @param captureMethod {@code automatic}, {@code automatic_async} or {@code manual}
 * @param description the description; empty when absent
 * @param lastPaymentError the last payment error; every member empty when the last attempt did not fail
 * @param created creation time in Unix seconds
 * @param livemode whether the object lives in live mode
 * @param metadata your key-value metadata; empty when none
 *
 * @since 0.1.0
 */
public record PaymentIntentView(
        String id,
        long amount,
        @JsonProperty("amount_received") long amountReceived,
        @JsonProperty("amount_capturable") long amountCapturable,
        String currency,
        String status,
        String customer,
        @JsonProperty("latest_charge") String latestCharge,
        @JsonProperty("payment_method") String paymentMethod,
        @JsonProperty("capture_method") String captureMethod,
        String description,
        @JsonProperty("last_payment_error") PaymentError lastPaymentError,
        long created,
        boolean livemode,
        Map<String, String> metadata) {

    /**
     * Normalises absent members to empty values: no accessor returns {@code null}.
     *
     * @param id the id
     * @param amount the amount
     * @param amountReceived the amount received
     * @param amountCapturable the amount capturable
     * @param currency the currency
     * @param status the status
     * @param customer the customer id
     * @param latestCharge the latest charge id
     * @param paymentMethod the payment method id
     * @param captureMethod the capture method
     * @param description the description
     * @param lastPaymentError the last payment error
     * @param created creation time
     * @param livemode live mode
     * @param metadata the metadata
     */
    public PaymentIntentView {
        id = Views.text(id);
        currency = Views.text(currency);
        status = Views.text(status);
        customer = Views.text(customer);
        latestCharge = Views.text(latestCharge);
        paymentMethod = Views.text(paymentMethod);
        captureMethod = Views.text(captureMethod);
        description = Views.text(description);
        lastPaymentError = lastPaymentError == null ? new PaymentError(null, null, null, null) : lastPaymentError;
        metadata = Views.map(metadata);
    }

    /**
     * A PaymentIntent's {@code last_payment_error}.
     *
     * @param type {@code card_error}, {@code api_error}, ...; empty when absent
     * @param code the error code; empty when absent
     * @param declineCode the issuer's decline code; empty when absent
     * @param message a human-readable message; empty when absent
     *
     * @since 0.1.0
     */
    public record PaymentError(
            String type,
            String code,
            @JsonProperty("decline_code") String declineCode,
            String message) {

        /**
         * Normalises absent members to empty strings.
         *
         * @param type the kind of error
         * @param code the error code
         * @param declineCode the decline code
         * @param message the message
         */
        public PaymentError {
            type = Views.text(type);
            code = Views.text(code);
            declineCode = Views.text(declineCode);
            message = Views.text(message);
        }
    }
}
