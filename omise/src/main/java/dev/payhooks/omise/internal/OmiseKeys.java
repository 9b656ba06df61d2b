package dev.payhooks.omise.internal;

import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;

import java.util.Base64;
import java.util.Optional;

/**
 * Turns an Omise webhook secret (base64 text, as the dashboard shows it) into an HMAC-SHA256 key.
 * Omise's verification recipe decodes the secret from base64 before using it as the HMAC-SHA256
 * key (https://docs.omise.co/api-webhooks, signature verification).
 */
public final class OmiseKeys {

    private OmiseKeys() {
    }

    /**
     * Decodes a secret with the standard base64 alphabet (padding optional).
     *
     * <p>The JDK's decoder message names the offending character, which is part of the secret,
     * so it is neither returned nor attached as a cause anywhere.
     *
     * @param secret the secret text
     * @return the key, or empty when the text is not base64 or decodes to no bytes
     */
    public static Optional<HmacKey> decode(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(HmacKey.of(HmacAlgorithm.SHA256, bytes));
    }

    /**
     * Why a secret is unusable, for configuration messages; never quotes the secret.
     *
     * @param secret the secret
     * @return a reason, or empty when the secret is usable
     */
    public static Optional<String> problem(WebhookSecret secret) {
        String text = secret.value();
        try {
            if (Base64.getDecoder().decode(text).length == 0) {
                return Optional.of("it decodes to no bytes (only padding)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("it is not valid base64 (expected the characters A-Z a-z 0-9 + / and optional = padding,"
                    + " " + text.length() + " characters in all); Omise shows the webhook secret in base64 on the"
                    + " dashboard's webhook page; did you paste another provider's secret or an API key?");
        }
    }

    /**
     * The configuration message for an unusable secret.
     *
     * @param which names the secret ("secret 2 of 3")
     * @param secret the secret
     * @return the message, or empty when usable
     */
    public static Optional<String> configurationError(String which, WebhookSecret secret) {
        return problem(secret).map(why -> "the Omise webhook " + which + " is unusable: " + why);
    }
}
