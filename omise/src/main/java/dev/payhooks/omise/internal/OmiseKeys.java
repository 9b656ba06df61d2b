package dev.payhooks.omise.internal;

import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;

import java.util.Base64;

/**
 * Turns an Omise webhook secret (base64 text, as the dashboard shows it) into an HMAC-SHA256 key.
 * Omise's verification recipe decodes the secret from base64 before using it as the HMAC-SHA256
 * key (https://docs.omise.co/api-webhooks, signature verification).
 */
public final class OmiseKeys {

    private OmiseKeys() {
    }

    /**
     * Decodes a secret with the standard base64 alphabet (padding optional). The JDK decoder's
     * message names the offending character, which is part of the secret, so it is neither
     * returned nor attached as a cause.
     *
     * @param secret the secret text
     * @return the key
     * @throws IllegalArgumentException when the text is not base64 or decodes to no bytes; the
     *         message never contains the secret
     */
    public static HmacKey decode(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("it is not valid base64 (expected the characters A-Z a-z 0-9 + / and optional"
                    + " = padding, " + secret.length() + " characters in all); Omise shows the webhook secret in base64 on the"
                    + " dashboard's webhook page; did you paste another provider's secret or an API key?");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("it decodes to no bytes (only padding)");
        }
        return HmacKey.of(HmacAlgorithm.SHA256, bytes);
    }
}
