package dev.payhooks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing secret exactly as the provider shows it ({@code whsec_...}, a base64 string, ...),
 * optionally with the instant after which it is no longer accepted (the end of a rotation).
 * Each provider module decides how the text becomes key bytes and rejects unusable secrets when
 * it is built.
 *
 * <p>{@link #toString()} never shows the value. Immutable.
 *
 * <pre>{@code
 * // Stripe rolled the secret: the old one stays valid for 24 hours.
 * List<WebhookSecret> secrets = List.of(
 *         WebhookSecret.of(newSecret),
 *         WebhookSecret.of(oldSecret, Instant.parse("2026-11-23T12:00:00Z")));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WebhookSecret {

    private final String value;
    private final Instant notAfter;

    private WebhookSecret(String value, Instant notAfter) {
        this.value = value;
        this.notAfter = notAfter;
    }

    /**
     * A secret without an end.
     *
     * @param value the secret as the provider shows it; must not be empty
     * @return the secret
     */
    public static WebhookSecret of(String value) {
        return of(value, null);
    }

    /**
     * A secret accepted until (and including) {@code notAfter}.
     *
     * @param value the secret as the provider shows it; must not be empty
     * @param notAfter the last instant it is accepted, or {@code null} for no end
     * @return the secret
     */
    public static WebhookSecret of(String value, Instant notAfter) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret must not be empty; copy it from the provider's dashboard");
        }
        if (!value.equals(value.strip())) {
            // A secret pasted with a newline or spaces verifies nothing; say so at once rather than
            // rejecting every delivery later. Whitespace is never part of a provider's secret.
            throw new IllegalArgumentException("the webhook secret has leading or trailing whitespace;"
                    + " remove it (copy the secret without the line break)");
        }
        return new WebhookSecret(value, notAfter);
    }

    /**
     * The secret text. Handle with care: never log it.
     *
     * @return the value as the provider shows it
     */
    public String value() {
        return value;
    }

    /**
     * The last instant the secret is accepted.
     *
     * @return the instant, or empty when the secret does not expire
     */
    public Optional<Instant> notAfter() {
        return Optional.ofNullable(notAfter);
    }

    /**
     * Whether the secret is accepted at {@code now}.
     *
     * @param now the instant of verification
     * @return {@code true} unless a not-after instant lies before {@code now}
     */
    public boolean isActiveAt(Instant now) {
        return notAfter == null || !now.isAfter(notAfter);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && value.equals(that.value) && Objects.equals(notAfter, that.notAfter);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + Objects.hashCode(notAfter);
    }

    @Override
    public String toString() {
        return "WebhookSecret[****" + (notAfter == null ? "" : ", notAfter=" + notAfter) + "]";
    }
}
