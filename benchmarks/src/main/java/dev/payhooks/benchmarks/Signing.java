package dev.payhooks.benchmarks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs deliveries the way each provider documents it, with {@code javax.crypto} directly and no
 * payhooks code, so that a benchmark never verifies what the code under test signed itself.
 *
 * <ul>
 *   <li>Stripe ("Verify webhook signatures manually", https://docs.stripe.com/webhooks#verify-manually): HMAC-SHA256 keyed
 *       with the whole {@code whsec_...} string as UTF-8, over {@code <t>.<body>}, lower-case hex, sent
 *       as {@code Stripe-Signature: t=<t>,v1=<hex>}.</li>
 *   <li>Omise (https://docs.omise.co/api-webhooks, signature verification): HMAC-SHA256 keyed with the
 *       base64-decoded secret, over {@code <t>.<body>}, hex, in {@code Omise-Signature}, with the
 *       timestamp in {@code Omise-Signature-Timestamp}.</li>
 *   <li>Standard Webhooks (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
 *       "Signature scheme"): HMAC-SHA256 keyed with the
 *       base64 part of {@code whsec_<base64>}, over {@code <webhook-id>.<webhook-timestamp>.<body>},
 *       base64, sent as {@code webhook-signature: v1,<base64>}.</li>
 * </ul>
 */
public final class Signing {

    private Signing() {
    }

    /**
     * The {@code Stripe-Signature} header value for a body.
     *
     * @param secret the endpoint secret, {@code whsec_...}
     * @param timestamp the Unix time in seconds
     * @param body the raw body
     * @return {@code t=<timestamp>,v1=<hex>}
     */
    public static String stripeHeader(String secret, long timestamp, byte[] body) {
        byte[] mac = hmacSha256(secret.getBytes(StandardCharsets.UTF_8), timestamp + ".", body);
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac);
    }

    /**
     * The {@code Omise-Signature} header value for a body.
     *
     * @param base64Secret the secret as Omise shows it (base64)
     * @param timestamp the Unix time in seconds, also sent in {@code Omise-Signature-Timestamp}
     * @param body the raw body
     * @return the hex HMAC
     */
    public static String omiseSignature(String base64Secret, long timestamp, byte[] body) {
        byte[] mac = hmacSha256(Base64.getDecoder().decode(base64Secret), timestamp + ".", body);
        return HexFormat.of().formatHex(mac);
    }

    /**
     * The {@code webhook-signature} header value for a body.
     *
     * @param secret the secret, {@code whsec_<base64>}
     * @param messageId the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp}, Unix seconds
     * @param body the raw body
     * @return {@code v1,<base64>}
     */
    public static String standardWebhooksSignature(String secret, String messageId, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] mac = hmacSha256(key, messageId + "." + timestamp + ".", body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /**
     * A {@code Mac} ready for HMAC-SHA256 with the given key: the benchmarks' HMAC floor.
     *
     * @param key the key bytes
     * @return an initialised Mac
     */
    public static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    private static byte[] hmacSha256(byte[] key, String prefix, byte[] body) {
        Mac mac = hmacSha256(key);
        mac.update(prefix.getBytes(StandardCharsets.US_ASCII));
        mac.update(body);
        return mac.doFinal();
    }
}
