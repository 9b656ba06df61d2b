package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the transfer (payout to a recipient's bank account) in a {@code transfer.*}
 * event. Amounts are {@code long} minor units of {@link #currency()}. Immutable.
 *
 * @since 0.1.0
 */
public final class TransferView {

    private final String id;
    private final boolean livemode;
    private final long amount;
    private final String currency;
    private final String recipient;
    private final boolean sent;
    private final boolean paid;
    private final String failureCode;
    private final String failureMessage;
    private final Instant createdAt;

    private TransferView(Fields f) {
        this.id = f.requiredText("id");
        this.livemode = f.flag("livemode");
        this.amount = f.amount("amount");
        this.currency = f.requiredText("currency");
        this.recipient = f.text("recipient").orElse(null);
        this.sent = f.flag("sent");
        this.paid = f.flag("paid");
        this.failureCode = f.text("failure_code").orElse(null);
        this.failureMessage = f.text("failure_message").orElse(null);
        this.createdAt = f.instant("created_at", "created").orElse(null);
    }

    /**
     * Reads the transfer from an event's data.
     *
     * @param event a verified Omise event whose data is a transfer
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a transfer or lacks a required member
     */
    public static TransferView of(Event event) {
        return new TransferView(Fields.of(Objects.requireNonNull(event, "event"), "transfer"));
    }

    /**
     * The transfer id.
     *
     * @return {@code trsf_...}
     */
    public String id() {
        return id;
    }

    /**
     * Whether it is a live-mode transfer.
     *
     * @return {@code true} in live mode
     */
    public boolean livemode() {
        return livemode;
    }

    /**
     * The amount.
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
     * The recipient.
     *
     * @return the recipient id
     */
    public Optional<String> recipient() {
        return Optional.ofNullable(recipient);
    }

    /**
     * Whether the transfer was sent.
     *
     * @return whether sent
     */
    public boolean sent() {
        return sent;
    }

    /**
     * Whether the transfer was paid.
     *
     * @return whether paid
     */
    public boolean paid() {
        return paid;
    }

    /**
     * Omise's failure code, when the transfer failed.
     *
     * @return the code
     */
    public Optional<String> failureCode() {
        return Optional.ofNullable(failureCode);
    }

    /**
     * Omise's failure message, when the transfer failed.
     *
     * @return the message
     */
    public Optional<String> failureMessage() {
        return Optional.ofNullable(failureMessage);
    }

    /**
     * When the transfer was created.
     *
     * @return the instant
     */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    private List<Object> values() {
        return Arrays.asList(id, livemode, amount, currency, recipient, sent, paid, failureCode, failureMessage, createdAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransferView that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "TransferView" + values();
    }
}
