package dev.payhooks;

/**
 * The unchecked exceptions payhooks throws at request time. The family is sealed so callers can
 * switch over it exhaustively; configuration mistakes are reported at build time as
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 *
 * <p>Messages say what is wrong and how to fix it. They never contain secrets, signature values,
 * expected MACs or body content.
 *
 * @since 0.1.0
 */
public abstract sealed class WebhookException extends RuntimeException
        permits WebhookVerificationException, WebhookDecodingException, WebhookUnavailableException {

    private static final long serialVersionUID = 1L;

    WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
