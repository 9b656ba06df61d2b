package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the dispute (chargeback) in a {@code dispute.*} event. The amount is
 * {@code long} minor units of {@link #currency()}.
 *
 * @param id the dispute id ({@code dspt_...})
 * @param livemode whether it is a live-mode dispute
 * @param amount the disputed amount in minor units
 * @param currency the currency code
 * @param status {@code open}, {@code pending}, {@code won}, {@code lost}, {@code closed}
 * @param charge the id of the disputed charge
 * @param reasonCode the card network's reason code, when given
 * @param message the cardholder's or merchant's message, when given
 * @param createdAt when the dispute was opened
 * @param closedAt when the dispute was closed
 *
 * @since 0.1.0
 */
public record DisputeView(String id, boolean livemode, long amount, String currency, String status, String charge,
                          Optional<String> reasonCode, Optional<String> message, Optional<Instant> createdAt,
                          Optional<Instant> closedAt) {

    /**
     * Validates.
     *
     * @param id the dispute id
     * @param livemode live mode
     * @param amount minor units
     * @param currency currency code
     * @param status status
     * @param charge charge id
     * @param reasonCode reason code
     * @param message message
     * @param createdAt creation instant
     * @param closedAt closing instant
     */
    public DisputeView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(closedAt, "closedAt");
    }

    /**
     * Reads the dispute from an event's data.
     *
     * @param event a verified Omise event whose data is a dispute
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a dispute or lacks a required member
     */
    public static DisputeView of(Event event) {
        Fields f = Fields.of(Objects.requireNonNull(event, "event"), "dispute");
        return new DisputeView(f.requiredText("id"), f.flag("livemode"), f.amount("amount"), f.requiredText("currency"),
                f.requiredText("status"), f.requiredText("charge"), f.text("reason_code"), f.text("message"),
                f.instant("created_at", "created"), f.instant("closed_at"));
    }
}
