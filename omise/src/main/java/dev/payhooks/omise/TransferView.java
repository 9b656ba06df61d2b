package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the transfer (payout to a recipient's bank account) in a {@code transfer.*}
 * event. Amounts are {@code long} minor units of {@link #currency()}.
 *
 * @param id the transfer id ({@code trsf_...})
 * @param livemode whether it is a live-mode transfer
 * @param amount the amount in minor units
 * @param currency the currency code
 * @param recipient the recipient id ({@code recp_...})
 * @param sent whether the transfer was sent to the bank
 * @param paid whether the transfer was paid
 * @param failureCode Omise's failure code when the transfer failed
 * @param failureMessage Omise's failure message when the transfer failed
 * @param createdAt when the transfer was created
 *
 * @since 0.1.0
 */
public record TransferView(String id, boolean livemode, long amount, String currency, Optional<String> recipient,
                           boolean sent, boolean paid, Optional<String> failureCode, Optional<String> failureMessage,
                           Optional<Instant> createdAt) {

    /**
     * Validates.
     *
     * @param id the transfer id
     * @param livemode live mode
     * @param amount minor units
     * @param currency currency code
     * @param recipient recipient id
     * @param sent sent
     * @param paid paid
     * @param failureCode failure code
     * @param failureMessage failure message
     * @param createdAt creation instant
     */
    public TransferView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Reads the transfer from an event's data.
     *
     * @param event a verified Omise event whose data is a transfer
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a transfer or lacks a required member
     */
    public static TransferView of(Event event) {
        Fields f = Fields.of(Objects.requireNonNull(event, "event"), "transfer");
        return new TransferView(f.requiredText("id"), f.flag("livemode"), f.amount("amount"), f.requiredText("currency"),
                f.text("recipient"), f.flag("sent"), f.flag("paid"), f.text("failure_code"), f.text("failure_message"),
                f.instant("created_at", "created"));
    }
}
