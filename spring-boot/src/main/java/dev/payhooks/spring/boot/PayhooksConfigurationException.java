package dev.payhooks.spring.boot;

/**
 * The application's payhooks configuration cannot work: an endpoint without a provider, path or
 * secrets, a handler method for an unknown endpoint or with a parameter the starter cannot supply.
 * Thrown at startup, so the application does not start; the message names the property or the
 * method and says how to fix it. It never contains a secret.
 *
 * @since 0.1.0
 */
public class PayhooksConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public PayhooksConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure
     */
    public PayhooksConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
