package dev.payhooks.hmac;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a secret, as the provider shows it, becomes HMAC key bytes.
 *
 * <pre>{@code
 * HmacScheme.builder().keyDecoding(KeyDecoding.BASE64) ...
 * }</pre>
 *
 * @since 0.1.0
 */
public enum KeyDecoding {
    /** The secret text itself, as UTF-8 bytes (GitHub, Shopify, Slack, Paddle, Stripe). */
    UTF8,
    /** The secret is standard base64 (with padding); the key is the decoded bytes (Omise). */
    BASE64,
    /**
     * Standard Webhooks: strip an optional {@code whsec_} prefix, then base64-decode. The prefix
     * is not part of the key (unlike Stripe's {@code whsec_} secrets, which are UTF-8 keys).
     */
    WHSEC_BASE64;

    /** The prefix Standard Webhooks puts before a symmetric secret. */
    public static final String WHSEC_PREFIX = "whsec_";

    /**
     * Decodes a secret.
     *
     * @param secret the secret as the provider shows it
     * @return the key bytes
     * @throws IllegalArgumentException when the secret is not valid in this decoding (the message
     *         never contains the secret)
     */
    public byte[] decode(String secret) {
        switch (this) {
            case UTF8:
                return secret.getBytes(StandardCharsets.UTF_8);
            case BASE64:
                return base64(secret, "the secret is not valid base64; copy it exactly as the provider shows it");
            case WHSEC_BASE64:
            default:
                String body = secret.startsWith(WHSEC_PREFIX) ? secret.substring(WHSEC_PREFIX.length()) : secret;
                return base64(body, "the secret is not whsec_ followed by base64; copy it exactly as the provider shows it");
        }
    }

    private static byte[] base64(String text, String message) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's own message quotes the offending character: drop it, keep only ours.
            throw new IllegalArgumentException(message);
        }
    }
}
