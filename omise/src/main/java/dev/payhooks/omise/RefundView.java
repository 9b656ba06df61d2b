package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the refund in a {@code refund.create} event. The amount is {@code long}
 * minor units of {@link #currency()}. Immutable.
 *
 * @since 0.1.0
 */
public final class RefundView {

    private final String id;
    private final long amount;
    private final String currency;
    private final String charge;
    private final String status;
    private final boolean voided;
    private final String transaction;
    private final Instant createdAt;

    private RefundView(Fields f) {
        this.id = f.requiredText("id");
        this.amount = f.amount("amount");
        this.currency = f.requiredText("currency");
        this.charge = f.requiredText("charge");
        this.status = f.text("status").orElse(null);
        this.voided = f.flag("voided");
        this.transaction = f.text("transaction").orElse(null);
        this.createdAt = f.instant("created_at", "created").orElse(null);
    }

    /**
     * Reads the refund from an event's data.
     *
     * @param event a verified Omise event whose data is a refund
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a refund or lacks a required member
     */
    public static RefundView of(Event event) {
        return new RefundView(Fields.of(Objects.requireNonNull(event, "event"), "refund"));
    }

    /**
     * The refund id.
     *
     * @return {@code rfnd_...}
     */
    public String id() {
        return id;
    }

    /**
     * The refunded amount.
     *
     * @return minor units
     */
    public long amount() {
        return amount;
    }

    /**
     * The currency.
     *
     * @return the currency code
     */
    public String currency() {
        return currency;
    }

    /**
     * The refunded charge.
     *
     * @return the charge id
     */
    public String charge() {
        return charge;
    }

    /**
     * The status.
     *
     * @return {@code pending}, {@code closed}, ...; empty on old API versions
     */
    public Optional<String> status() {
        return Optional.ofNullable(status);
    }

    /**
     * Whether the refund voided the charge instead of refunding it.
     *
     * @return whether voided
     */
    public boolean voided() {
        return voided;
    }

    /**
     * The transaction.
     *
     * @return the transaction id
     */
    public Optional<String> transaction() {
        return Optional.ofNullable(transaction);
    }

    /**
     * When the refund was created.
     *
     * @return the instant
     */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    private List<Object> values() {
        return Arrays.asList(id, amount, currency, charge, status, voided, transaction, createdAt);
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
