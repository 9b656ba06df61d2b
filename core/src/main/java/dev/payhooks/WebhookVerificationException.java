package dev.payhooks;

import dev.payhooks.spi.SignatureVerifier;
import java.util.Objects;

/**
 * The request's signature, timestamp or tenant could not be verified. The only exception a
 * {@link SignatureVerifier} lets escape.
 *
 * <pre>{@code
 * try {
 *     verifier.verify(request, Instant.now());
 * } catch (WebhookVerificationException e) {
 *     assert e.reason() == RejectionReason.TIMESTAMP_TOO_OLD;
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WebhookVerificationException extends WebhookException {

    private static final long serialVersionUID = 1L;

    /** Why the verification failed; part of the serialized form. */
    private final RejectionReason reason;

    /**
     * Creates the exception for a delivery that failed verification.
     *
     * @param reason the reason code
     * @param message what is wrong and how to fix it; no secrets, signatures or body content
     */
    public WebhookVerificationException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /**
     * Creates the exception for a delivery that failed verification, with the underlying failure.
     *
     * @param reason the reason code
     * @param message what is wrong and how to fix it; no secrets, signatures or body content
     * @param cause the underlying failure, or {@code null}
     */
    public WebhookVerificationException(RejectionReason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
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
