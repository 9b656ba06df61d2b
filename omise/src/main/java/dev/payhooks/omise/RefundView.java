package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the refund in a {@code refund.create} event. The amount is {@code long}
 * minor units of {@link #currency()}.
 *
 * @param id the refund id ({@code rfnd_...})
 * @param amount the refunded amount in minor units
 * @param currency the currency code
 * @param charge the id of the refunded charge
 * @param status {@code pending}, {@code closed}, ...; empty on old API versions
 * @param voided whether the refund voided the charge instead of refunding it
 * @param transaction the transaction id
 * @param createdAt when the refund was created
 *
 * @since 0.1.0
 */
public record RefundView(String id, long amount, String currency, String charge, Optional<String> status,
                         boolean voided, Optional<String> transaction, Optional<Instant> createdAt) {

    /**
     * Validates.
     *
     * @param id the refund id
     * @param amount minor units
     * @param currency currency code
     * @param charge charge id
     * @param status status
     * @param voided voided
     * @param transaction transaction id
     * @param createdAt creation instant
     */
    public RefundView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Reads the refund from an event's data.
     *
     * @param event a verified Omise event whose data is a refund
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a refund or lacks a required member
     */
    public static RefundView of(Event event) {
        Fields f = Fields.of(Objects.requireNonNull(event, "event"), "refund");
        return new RefundView(f.requiredText("id"), f.amount("amount"), f.requiredText("currency"), f.requiredText("charge"),
                f.text("status"), f.flag("voided"), f.text("transaction"), f.instant("created_at", "created"));
    }
}
