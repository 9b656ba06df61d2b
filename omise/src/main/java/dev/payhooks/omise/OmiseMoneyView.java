package dev.payhooks.omise;

import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What every Omise view of an object that moves money has: its id, amount in minor units of its
 * currency, and creation time (docs.omise.co/api, each object's page). Code that books any of them
 * the same way (a ledger line, an audit entry) can take this type; code that needs the rest takes
 * the view. Immutable; two views are equal when they are of the same kind and every member is
 * equal.
 *
 * @since 0.1.0
 */
public abstract sealed class OmiseMoneyView permits ChargeView, DisputeView, RefundView, TransferView {

    private final String id;
    private final long amount;
    private final String currency;
    private final Instant createdAt;

    /**
     * Reads the common members; a view reads the rest.
     *
     * @param f the data object's members, its kind already checked
     */
    OmiseMoneyView(Fields f) {
        this.id = f.requiredText("id");
        this.amount = f.amount("amount");
        this.currency = f.requiredText("currency");
        this.createdAt = f.instant("created_at", "created").orElse(null);
    }

    /**
     * The object's id.
     *
     * @return {@code chrg_...}, {@code dspt_...}, {@code rfnd_...} or {@code trsf_...}
     */
    public final String id() {
        return id;
    }

    /**
     * The amount: charged, disputed, refunded or transferred.
     *
     * @return minor units of {@link #currency()} (satang for THB: 100000 is 1,000.00 THB)
     */
    public final long amount() {
        return amount;
    }

    /**
     * The currency.
     *
     * @return the ISO 4217 code as Omise writes it ({@code thb}, {@code THB})
     */
    public final String currency() {
        return currency;
    }

    /**
     * When the object was created (a dispute: opened).
     *
     * @return the instant; empty when absent or not an ISO-8601 date-time
     */
    public final Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /**
     * The view's own members, in declaration order, for equality and {@link #toString()}.
     *
     * @return the values, nulls for absent members
     */
    abstract List<Object> ownValues();

    private List<Object> values() {
        List<Object> values = new ArrayList<>(Arrays.asList(id, amount, currency, createdAt));
        values.addAll(ownValues());
        return values;
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof OmiseMoneyView that && that.getClass() == getClass() && values().equals(that.values());
    }

    @Override
    public final int hashCode() {
        return values().hashCode();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + values();
    }
}
