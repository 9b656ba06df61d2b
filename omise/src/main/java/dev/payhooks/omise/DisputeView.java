package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.omise.internal.Fields;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the dispute (chargeback) in a {@code dispute.*} event. The amount is
 * {@code long} minor units of {@link #currency()}. Immutable.
 *
 * @since 0.1.0
 */
public final class DisputeView extends OmiseMoneyView {

    private final boolean livemode;
    private final String status;
    private final String charge;
    private final String reasonCode;
    private final String message;
    private final Instant closedAt;

    private DisputeView(Fields f) {
        super(f);
        this.livemode = f.flag("livemode");
        this.status = f.requiredText("status");
        this.charge = f.requiredText("charge");
        this.reasonCode = f.text("reason_code").orElse(null);
        this.message = f.text("message").orElse(null);
        this.closedAt = f.instant("closed_at").orElse(null);
    }

    /**
     * Reads the dispute from an event's data.
     *
     * @param event a verified Omise event whose data is a dispute
     * @return the view
     * @throws dev.payhooks.WebhookDecodingException when the data is not a dispute or lacks a required member
     */
    public static DisputeView of(Event event) {
        return new DisputeView(Fields.of(Objects.requireNonNull(event, "event"), "dispute"));
    }

    /**
     * Whether it is a live-mode dispute.
     *
     * @return {@code true} in live mode
     */
    public boolean livemode() {
        return livemode;
    }

    /**
     * The status.
     *
     * @return {@code open}, {@code pending}, {@code won}, {@code lost}, {@code closed}
     */
    public String status() {
        return status;
    }

    /**
     * The disputed charge.
     *
     * @return the charge id
     */
    public String charge() {
        return charge;
    }

    /**
     * The card network's reason code.
     *
     * @return the code
     */
    public Optional<String> reasonCode() {
        return Optional.ofNullable(reasonCode);
    }

    /**
     * The cardholder's or merchant's message, when given.
     *
     * @return the message
     */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /**
     * When the dispute was closed.
     *
     * @return the instant
     */
    public Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(livemode, status, charge, reasonCode, message, closedAt);
    }
}
