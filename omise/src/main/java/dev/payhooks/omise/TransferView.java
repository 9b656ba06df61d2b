package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

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
public final class TransferView extends OmiseMoneyView {

    private final boolean livemode;
    private final String recipient;
    private final boolean sent;
    private final boolean paid;
    private final String failureCode;
    private final String failureMessage;

    private TransferView(Fields f) {
        super(f);
        this.livemode = f.flag("livemode");
        this.recipient = f.text("recipient").orElse(null);
        this.sent = f.flag("sent");
        this.paid = f.flag("paid");
        this.failureCode = f.text("failure_code").orElse(null);
        this.failureMessage = f.text("failure_message").orElse(null);
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
     * Whether it is a live-mode transfer.
     *
     * @return {@code true} in live mode
     */
    public boolean livemode() {
        return livemode;
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

    @Override
    List<Object> ownValues() {
        return Arrays.asList(livemode, recipient, sent, paid, failureCode, failureMessage);
    }
}
