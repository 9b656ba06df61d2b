package dev.payhooks.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * HMAC-SHA256 computed straight from the JDK ({@code javax.crypto.Mac}), never with payhooks'
 * own signature toolkit: a test's expected signature must not come from the code under test.
 *
 * <pre>{@code
 * String expected = ReferenceHmac.sha256Hex(secret, timestamp + ".", body);   // Stripe's v1, for example
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ReferenceHmac {

    private ReferenceHmac() {
    }

    /**
     * The HMAC-SHA256 of the concatenated parts.
     *
     * @param key the key bytes (any length, even empty)
     * @param parts the signed content, in order
     * @return the 32-byte MAC
     */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parts, "parts");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key, which HMAC allows: RFC 2104 section 2 pads a short key
            // with zero bytes to the block size, so the empty key and a single zero byte are the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(Objects.requireNonNull(part, "part"));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256, which every Java SE implementation must provide", e);
        }
    }

    /**
     * The lower-case hex HMAC-SHA256 of {@code prefix} followed by {@code body}, keyed with the
     * UTF-8 bytes of {@code key}: the shape of most webhook signatures.
     *
     * @param key the secret, used as its UTF-8 bytes
     * @param prefix the text signed before the body (for example {@code "1700000000."}), as UTF-8
     * @param body the raw body
     * @return 64 lower-case hex digits
     */
    public static String sha256Hex(String key, String prefix, byte[] body) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prefix, "prefix");
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8),
                prefix.getBytes(StandardCharsets.UTF_8), body));
    }
}
