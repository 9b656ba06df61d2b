package dev.payhooks;

/**
 * A dependency the pipeline needs (the idempotency store, a tenant's secret lookup) is not
 * available right now. The receiver answers 503 so the provider retries; nothing is marked done.
 *
 * @since 0.1.0
 */
public final class WebhookUnavailableException extends WebhookException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a dependency that is unavailable.
     *
     * @param message what was unavailable
     * @param cause the underlying failure, kept for the log
     */
    public WebhookUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
