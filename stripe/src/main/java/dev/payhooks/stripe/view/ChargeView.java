package dev.payhooks.stripe.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A Stripe Charge ({@code charge.*}; docs.stripe.com/api/charges/object).
 *
 * @param id the charge id ({@code ch_...} or {@code py_...})
 * @param amount the amount in the currency's minor unit
 * @param amountCaptured the amount captured, in minor units
 * @param amountRefunded the amount refunded, in minor units
 * @param currency the three-letter ISO code, lower case
 * @param status {@code succeeded}, {@code pending} or {@code failed}
 * @param paid whether the charge succeeded or was authorised for later capture
 * @param captured whether the charge was captured
 * @param refunded whether the charge was fully refunded
 * @param disputed whether the charge was disputed
 * @param customer the customer id; empty when absent
 * @param paymentIntent the PaymentIntent id; empty when absent
 * @param paymentMethod the payment method id; empty when absent
 * @param balanceTransaction the balance transaction id; empty when absent
 * @param failureCode the failure code; empty when absent
 * @param failureMessage the failure message; empty when absent
 * @param description the description; empty when absent
 * @param created creation time in Unix seconds
 * @param livemode whether the object lives in live mode
 * @param metadata your key-value metadata; empty when none
 *
 * @since 0.1.0
 */
public record ChargeView(
        String id,
        long amount,
        @JsonProperty("amount_captured") long amountCaptured,
        @JsonProperty("amount_refunded") long amountRefunded,
        String currency,
        String status,
        boolean paid,
        boolean captured,
        boolean refunded,
        boolean disputed,
        String customer,
        @JsonProperty("payment_intent") String paymentIntent,
        @JsonProperty("payment_method") String paymentMethod,
        @JsonProperty("balance_transaction") String balanceTransaction,
        @JsonProperty("failure_code") String failureCode,
        @JsonProperty("failure_message") String failureMessage,
        String description,
        long created,
        boolean livemode,
        Map<String, String> metadata) {

    /**
     * Normalises absent members to empty values: no accessor returns {@code null}.
     *
     * @param id the id
     * @param amount the amount
     * @param amountCaptured the amount captured
     * @param amountRefunded the amount refunded
     * @param currency the currency
     * @param status the status
     * @param paid paid
     * @param captured captured
     * @param refunded refunded
     * @param disputed disputed
     * @param customer the customer id
     * @param paymentIntent the PaymentIntent id
     * @param paymentMethod the payment method id
     * @param balanceTransaction the balance transaction id
     * @param failureCode the failure code
     * @param failureMessage the failure message
     * @param description the description
     * @param created creation time
     * @param livemode live mode
     * @param metadata the metadata
     */
    public ChargeView {
        id = Views.text(id);
        currency = Views.text(currency);
        status = Views.text(status);
        customer = Views.text(customer);
        paymentIntent = Views.text(paymentIntent);
        paymentMethod = Views.text(paymentMethod);
        balanceTransaction = Views.text(balanceTransaction);
        failureCode = Views.text(failureCode);
        failureMessage = Views.text(failureMessage);
        description = Views.text(description);
        metadata = Views.map(metadata);
    }
}
