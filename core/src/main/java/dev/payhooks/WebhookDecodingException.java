package dev.payhooks;

import java.util.Objects;

/**
 * The (verified) body could not be decoded into an {@link Event}, or an event's data could not be
 * bound to the requested type.
 *
 * <p>JSON parser messages quote fragments of the input, so this exception carries the parser's
 * location and error kind but not the parser exception itself.
 *
 * @since 0.1.0
 */
public final class WebhookDecodingException extends WebhookException {

    private static final long serialVersionUID = 1L;

    /** Why the decoding failed; part of the serialized form. */
    private final RejectionReason reason;

    /**
     * Creates the exception for a body that could not be decoded.
     *
     * @param reason the reason code
     * @param message what is wrong; no body content
     */
    public WebhookDecodingException(RejectionReason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, null);
        this.reason = reason;
    }

    /**
     * The reason code.
     *
     * @return the reason, never {@code null}
     */
    public RejectionReason reason() {
        return reason;
    }
}
