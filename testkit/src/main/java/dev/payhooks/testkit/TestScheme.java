package dev.payhooks.testkit;

import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;
import dev.payhooks.testkit.fuzz.DeliveryOracle;
import dev.payhooks.testkit.fuzz.FuzzChecks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signature scheme for tests, so that a receiver, an adapter or a store can be tested end to end
 * without a provider module. A delivery carries
 * <ul>
 *   <li>{@code X-Test-Timestamp: <Unix seconds>} and</li>
 *   <li>{@code X-Test-Signature: <hex>[,<hex>...]}, each hex value being HMAC-SHA256 over
 *       {@code <timestamp>.<body>} keyed with the UTF-8 bytes of a secret;</li>
 * </ul>
 * the timestamp must be within 5 minutes of the receiver's clock. Events are JSON
 * {@code {"id", "type", "created", "livemode", "account", "data": {...}}}.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(TestScheme.source("test_secret"))
 *         .clock(clock)
 *         .on("refund.failed", handler)
 *         .build();
 * WebhookResponse response = receiver.receive(
 *         TestScheme.signed("test_secret", clock.instant().getEpochSecond(), TestScheme.event("evt_1", "refund.failed")).build());
 * }</pre>
 *
 * <p>The verifier is built from payhooks' own toolkit ({@link dev.payhooks.spi.signature}), the way
 * a provider module's is; the signer ({@link #signed}, {@link #signature}) and the
 * {@link #oracle oracle} compute with the JDK alone ({@link ReferenceHmac}), so a test never checks
 * the toolkit against itself. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TestScheme implements SignatureVerifier {

    /** The provider name the scheme's events carry: {@value}. */
    public static final String PROVIDER = "test";
    /** The header with the Unix seconds the signature covers: {@value}. */
    public static final String TIMESTAMP_HEADER = "X-Test-Timestamp";
    /** The header with the comma-separated hex signatures: {@value}. */
    public static final String SIGNATURE_HEADER = "X-Test-Signature";
    /** How far the timestamp may be from the receiver's clock, in either direction. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final SecretResolver secrets;
    private final Tolerance tolerance;

    private TestScheme(SecretResolver secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.tolerance = Tolerance.of(TOLERANCE);
    }

    /**
     * A source that verifies with the resolver's secrets and decodes with {@link #decoder()}.
     *
     * @param secrets the secrets to accept (several during a rotation, or per tenant)
     * @return the source, provider {@value #PROVIDER}
     */
    public static WebhookSource source(SecretResolver secrets) {
        return new WebhookSource(PROVIDER, verifier(secrets), decoder());
    }

    /**
     * A source that accepts one secret.
     *
     * @param secret the secret to accept
     * @return the source, provider {@value #PROVIDER}
     */
    public static WebhookSource source(String secret) {
        return source(SecretResolver.of(secret));
    }

    /**
     * The verifier alone, for a test that pairs it with its own decoder or wraps it.
     *
     * @param secrets the secrets to accept
     * @return the verifier
     */
    public static TestScheme verifier(SecretResolver secrets) {
        return new TestScheme(secrets);
    }

    /**
     * The decoder of the scheme's JSON envelope: {@code /id}, {@code /type}, {@code /created}
     * (Unix seconds), {@code /livemode}, {@code /account} and {@code /data}.
     *
     * @return the decoder
     */
    public static JsonEventDecoder decoder() {
        return JsonEventDecoder.builder(PROVIDER).id("/id").type("/type").created("/created")
                .mode("/livemode").account("/account").data("/data").build();
    }

    /**
     * Verifies a delivery: one timestamp header within {@link #TOLERANCE}, one signature header
     * with at most {@link SignatureHeaders#MAX_SIGNATURE_ENTRIES} entries, one of which is the MAC
     * under an active secret.
     *
     * @param request the delivery
     * @param now the receiver's clock
     * @return the verification, with the resolver's tenant
     * @throws WebhookVerificationException with the reason, when the delivery does not verify
     */
    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        String timestamp = SignatureHeaders.single(request, TIMESTAMP_HEADER,
                RejectionReason.MISSING_TIMESTAMP, RejectionReason.MALFORMED_TIMESTAMP);
        String header = SignatureHeaders.single(request, SIGNATURE_HEADER,
                RejectionReason.MISSING_SIGNATURE_HEADER, RejectionReason.MALFORMED_SIGNATURE_HEADER);
        tolerance.check(Timestamps.parseUnixSeconds(timestamp), now);
        String[] entries = header.split(",", -1);
        SignatureHeaders.checkEntryCount(SIGNATURE_HEADER, entries.length);
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
     * The hex signature of a body, computed with the JDK alone.
     *
     * @param secret the secret, used as its UTF-8 bytes
     * @param timestamp the timestamp text exactly as the header carries it
     * @param body the raw body
     * @return 64 lower-case hex digits
     */
    public static String signature(String secret, String timestamp, byte[] body) {
        return ReferenceHmac.sha256Hex(secret, timestamp + ".", body);
    }

    /**
     * A signed delivery, as a sender would build it.
     *
     * @param secret the secret
     * @param timestamp Unix seconds
     * @param body the raw body
     * @return a request builder with the body and both headers set; add headers or query parameters to it
     */
    public static WebhookRequest.Builder signed(String secret, long timestamp, byte[] body) {
        String text = Long.toString(timestamp);
        return WebhookRequest.builder().body(body)
                .header(TIMESTAMP_HEADER, text)
                .header(SIGNATURE_HEADER, signature(secret, text, body));
    }

    /**
     * A small event body: amount 1250 THB, {@code metadata.checkoutId} {@code co_1}, test mode,
     * created 2023-11-14T22:13:20Z.
     *
     * @param id the event id
     * @param type the event type
     * @return the JSON bytes
     */
    public static byte[] event(String id, String type) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created\":1700000000,\"livemode\":false,"
                + "\"data\":{\"amount\":1250,\"currency\":\"thb\",\"metadata\":{\"checkoutId\":\"co_1\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The scheme's definition, stated independently of its verifier, for fuzz targets: a valid
     * delivery has exactly one {@value #TIMESTAMP_HEADER} header of plain ASCII digits within
     * {@link #TOLERANCE} of {@code nowSeconds}, and exactly one {@value #SIGNATURE_HEADER} header
     * among whose comma-separated entries is {@link #signature} of the body under that text.
     *
     * @param secret the one secret the receiver under test accepts
     * @param nowSeconds the receiver's clock, in Unix seconds
     * @return the oracle
     */
    public static DeliveryOracle oracle(String secret, long nowSeconds) {
        Objects.requireNonNull(secret, "secret");
        return request -> {
            List<String> timestamps = request.headers(TIMESTAMP_HEADER);
            List<String> signatures = request.headers(SIGNATURE_HEADER);
            assertThat(timestamps).as("timestamp headers").hasSize(1);
            assertThat(signatures).as("signature headers").hasSize(1);
            String timestamp = timestamps.get(0);
            FuzzChecks.assertCanonicalTimestamp(timestamp, nowSeconds, TOLERANCE.toSeconds());
            assertThat(Arrays.asList(signatures.get(0).split(",", -1)))
                    .as("the signature entries hold the HMAC of the received bytes")
                    .contains(signature(secret, timestamp, request.body()));
        };
    }

    /**
     * Names the scheme, never a secret.
     *
     * @return {@code TestScheme[X-Test-Signature]}
     */
    @Override
    public String toString() {
        return "TestScheme[" + SIGNATURE_HEADER + "]";
    }
}
