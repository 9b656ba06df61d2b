package dev.payhooks.testing;

import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;
import dev.payhooks.Tolerance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only signature scheme, so that core's pipeline can be tested without a provider module:
 * {@code X-Test-Timestamp: <unix seconds>} and {@code X-Test-Signature: <hex>[,<hex>...]}, the hex
 * being HMAC-SHA256 over {@code <timestamp>.<body>} keyed with the secret's UTF-8 bytes. Events are
 * {@code {"id", "type", "created", "livemode", "data": {...}}}.
 */
public final class TestScheme implements SignatureVerifier {

    /** The provider name events carry. */
    public static final String PROVIDER = "test";

    private final SecretResolver secrets;
    private final Tolerance tolerance;

    private TestScheme(SecretResolver secrets, Tolerance tolerance) {
        this.secrets = secrets;
        this.tolerance = tolerance;
    }

    /**
     * @param secrets the secrets to accept
     * @return a source with a 300 s tolerance
     */
    public static WebhookSource source(SecretResolver secrets) {
        return new WebhookSource(PROVIDER, new TestScheme(secrets, Tolerance.of(Duration.ofMinutes(5))), decoder());
    }

    /**
     * @param secret the one secret to accept
     * @return a source with a 300 s tolerance
     */
    public static WebhookSource source(String secret) {
        return source(SecretResolver.of(secret));
    }

    /** @return the decoder for the test envelope */
    public static JsonEventDecoder decoder() {
        return JsonEventDecoder.builder(PROVIDER).id("/id").type("/type").created("/created")
                .mode("/livemode").account("/account").data("/data").build();
    }

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        String timestamp = SignatureHeaders.single(request, "X-Test-Timestamp",
                RejectionReason.MISSING_TIMESTAMP, RejectionReason.MALFORMED_TIMESTAMP);
        String header = SignatureHeaders.single(request, "X-Test-Signature",
                RejectionReason.MISSING_SIGNATURE_HEADER, RejectionReason.MALFORMED_SIGNATURE_HEADER);
        long seconds = Timestamps.parseUnixSeconds(timestamp);
        tolerance.check(seconds, now);
        String[] entries = header.split(",", -1);
        SignatureHeaders.checkEntryCount("X-Test-Signature", entries.length);
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : entries) {
            SignatureEncoding.HEX.decode(entry).ifPresent(candidates::add);
        }
        ResolvedSecrets resolved = secrets.resolve(request);
        List<HmacKey> keys = new ArrayList<>();
        for (WebhookSecret secret : resolved.activeAt(now)) {
            keys.add(HmacKey.of(HmacAlgorithm.SHA256, secret.value().getBytes(StandardCharsets.UTF_8)));
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        if (HmacKey.indexOfMatchingKey(keys, prefix, request, candidates) < 0) {
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE,
                    "no signature matches; check the secret and that the body is passed unmodified");
        }
        return Verification.forTenant(resolved.tenant().orElse(null));
    }

    /**
     * Signs a body.
     *
     * @param secret the secret
     * @param timestamp Unix seconds
     * @param body the body
     * @return a request builder with body and both headers set
     */
    public static WebhookRequest.Builder signed(String secret, long timestamp, byte[] body) {
        HmacKey key = HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
        byte[] mac = key.mac((timestamp + ".").getBytes(StandardCharsets.US_ASCII), body);
        return WebhookRequest.builder().body(body)
                .header("X-Test-Timestamp", Long.toString(timestamp))
                .header("X-Test-Signature", SignatureEncoding.HEX.encode(mac));
    }

    /**
     * A minimal event body.
     *
     * @param id the event id
     * @param type the event type
     * @return JSON bytes
     */
    public static byte[] event(String id, String type) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created\":1700000000,\"livemode\":false,"
                + "\"data\":{\"amount\":1250,\"currency\":\"thb\",\"metadata\":{\"checkoutId\":\"co_1\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
