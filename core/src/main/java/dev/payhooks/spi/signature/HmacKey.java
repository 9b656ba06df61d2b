package dev.payhooks.spi.signature;

import dev.payhooks.WebhookRequest;
import dev.payhooks.internal.CoreAccess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * An HMAC key that signs {@code prefix || body} over bytes, never through a {@code String}, and
 * compares in constant time. Immutable and thread-safe: each thread keeps its own initialised
 * {@link Mac}, so verification allocates no cipher state on the hot path.
 *
 * <pre>{@code
 * HmacKey key = HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
 * byte[] expected = key.mac((timestamp + ".").getBytes(StandardCharsets.US_ASCII), request);
 * boolean ok = HmacKey.constantTimeEquals(expected, candidate);
 * }</pre>
 *
 * <p>{@link #toString()} never shows the key.
 *
 * @since 0.1.0
 */
public final class HmacKey {

    private final HmacAlgorithm algorithm;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private HmacKey(HmacAlgorithm algorithm, byte[] keyBytes) {
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyBytes, algorithm.jcaName());
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * A key.
     *
     * @param algorithm the HMAC algorithm
     * @param keyBytes the key; copied; must not be empty
     * @return the key
     * @throws IllegalArgumentException when the key is empty
     */
    public static HmacKey of(HmacAlgorithm algorithm, byte[] keyBytes) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyBytes, "keyBytes");
        if (keyBytes.length == 0) {
            throw new IllegalArgumentException("an HMAC key must not be empty");
        }
        return new HmacKey(algorithm, keyBytes.clone());
    }

    /**
     * The algorithm.
     *
     * @return the algorithm
     */
    public HmacAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * HMAC of {@code prefix || request body}, reading the body in place.
     *
     * @param prefix the signed bytes before the body (for example {@code "1700000000."}); may be empty
     * @param request the request
     * @return the MAC
     */
    public byte[] mac(byte[] prefix, WebhookRequest request) {
        return mac(prefix, CoreAccess.request().body(request));
    }

    /**
     * HMAC of {@code prefix || body}.
     *
     * @param prefix the signed bytes before the body; may be empty
     * @param body the body
     * @return the MAC
     */
    public byte[] mac(byte[] prefix, byte[] body) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(body, "body");
        Mac mac = macs.get();
        try {
            mac.update(prefix);
            mac.update(body);
            return mac.doFinal();
        } catch (RuntimeException e) {
            // The Mac is reused by this thread: never leave half-fed state for the next request.
            mac.reset();
            throw e;
        }
    }

    /**
     * Whether any candidate equals the HMAC of {@code prefix || body} under any of the keys. Each
     * key's MAC is computed once and compared with every candidate in constant time; candidates
     * of the wrong length simply do not match.
     *
     * @param keys the active keys
     * @param prefix the signed bytes before the body
     * @param request the request
     * @param candidates decoded candidate signatures
     * @return the index of the first key that matched, or -1
     */
    public static int indexOfMatchingKey(List<HmacKey> keys, byte[] prefix, WebhookRequest request, List<byte[]> candidates) {
        byte[] body = CoreAccess.request().body(request);
        for (int k = 0; k < keys.size(); k++) {
            byte[] expected = keys.get(k).mac(prefix, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return k;
                }
            }
        }
        return -1;
    }

    /**
     * Constant-time comparison of two MACs ({@link MessageDigest#isEqual}); different lengths are
     * simply unequal.
     *
     * @param expected the computed MAC
     * @param candidate the candidate from the request
     * @return whether they are equal
     */
    public static boolean constantTimeEquals(byte[] expected, byte[] candidate) {
        return MessageDigest.isEqual(expected, candidate);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA1 and HmacSHA256; HmacSHA512 ships with all JDKs.
            throw new IllegalStateException("this JVM cannot compute " + algorithm.jcaName(), e);
        }
    }

    @Override
    public String toString() {
        return "HmacKey[" + algorithm + ", ****]";
    }
}
