package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

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
public final class RefundView extends OmiseMoneyView {

    private final String charge;
    private final String status;
    private final boolean voided;
    private final String transaction;

    private RefundView(Fields f) {
        super(f);
        this.charge = f.requiredText("charge");
        this.status = f.text("status").orElse(null);
        this.voided = f.flag("voided");
        this.transaction = f.text("transaction").orElse(null);
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

    @Override
    List<Object> ownValues() {
        return Arrays.asList(charge, status, voided, transaction);
    }
}
