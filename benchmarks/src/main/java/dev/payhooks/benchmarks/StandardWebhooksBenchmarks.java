package dev.payhooks.benchmarks;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.hmac.HmacPresets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Standard Webhooks deliveries: the Standard Webhooks Java library's {@code Webhook.verify} next to
 * payhooks' {@code HmacPresets.standardWebhooks()} verifier, on a delivery carrying a Stripe payment
 * intent.
 *
 * <p>The library reads the system clock itself (5 minutes tolerance), so the delivery is signed
 * again at the current time before every iteration. Like stripe-java it gets the body as a
 * {@code String}, and a header map with the exact lower-case names it looks up.
 */
@State(Scope.Benchmark)
public class StandardWebhooksBenchmarks extends BenchmarkSettings {

    /** The secret, {@code whsec_} + base64 of 32 bytes (made-up). */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String WRONG_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String MESSAGE_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

    /** Body size in bytes. */
    @Param({"1024", "4096", "65536"})
    public int size;

    private Webhook library;
    private SignatureVerifier verifier;
    private byte[] body;
    private String payload;
    private Map<String, List<String>> headers;
    private WebhookRequest request;
    private Instant now;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public StandardWebhooksBenchmarks() {
    }

    /**
     * Creates both verifiers, signs a delivery and proves that both accept it and reject a tampered
     * body, another secret and a stale timestamp.
     *
     * @throws Exception if the library refuses the secret
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        library = new Webhook(SECRET);
        verifier = HmacPresets.standardWebhooks().source(SECRET).verifier();
        refresh();

        long t = now.getEpochSecond();
        byte[] tampered = SelfCheck.tampered(body);
        String signature = Signing.standardWebhooksSignature(SECRET, MESSAGE_ID, t, body);
        String wrong = Signing.standardWebhooksSignature(WRONG_SECRET, MESSAGE_ID, t, body);
        String stale = Signing.standardWebhooksSignature(SECRET, MESSAGE_ID, t - 3600, body);
        String tamperedPayload = new String(tampered, StandardCharsets.UTF_8);

        SelfCheck.accepts("standard-webhooks verify", this::libraryVerify);
        SelfCheck.rejects("standard-webhooks verify, tampered body", WebhookVerificationException.class,
                () -> verifyWithLibrary(tamperedPayload, headers(signature, t)));
        SelfCheck.rejects("standard-webhooks verify, other secret", WebhookVerificationException.class,
                () -> verifyWithLibrary(payload, headers(wrong, t)));
        SelfCheck.rejects("standard-webhooks verify, stale", WebhookVerificationException.class,
                () -> verifyWithLibrary(payload, headers(stale, t - 3600)));

        SelfCheck.accepts("payhooks Standard Webhooks verify", this::payhooksVerify);
        SelfCheck.rejects("payhooks Standard Webhooks verify, tampered body", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(tampered, headers(signature, t)), now));
        SelfCheck.rejects("payhooks Standard Webhooks verify, other secret", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(body, headers(wrong, t)), now));
        SelfCheck.rejects("payhooks Standard Webhooks verify, stale", RejectionReason.TIMESTAMP_TOO_OLD,
                () -> verifier.verify(request(body, headers(stale, t - 3600)), now));
    }

    /** Signs the delivery again at the current time, for the library's own clock. */
    @Setup(Level.Iteration)
    public void refresh() {
        now = Instant.now();
        long t = now.getEpochSecond();
        body = Payloads.standardWebhooksPaymentSucceeded(size, now);
        payload = new String(body, StandardCharsets.UTF_8);
        headers = headers(Signing.standardWebhooksSignature(SECRET, MESSAGE_ID, t, body), t);
        request = request(body, headers);
    }

    private Object verifyWithLibrary(String text, Map<String, List<String>> headerMap) throws WebhookVerificationException {
        library.verify(text, headerMap);
        return Boolean.TRUE;
    }

    private static Map<String, List<String>> headers(String signature, long timestamp) {
        return Map.of(
                "content-type", List.of("application/json"),
                "webhook-id", List.of(MESSAGE_ID),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    private static WebhookRequest request(byte[] body, Map<String, List<String>> headers) {
        return WebhookRequest.of(body, headers, Map.of());
    }

    /**
     * The Standard Webhooks library: {@code new Webhook(secret).verify(payload, headers)} (the
     * {@code Webhook} is created once).
     *
     * @return {@code true}
     * @throws WebhookVerificationException never, for the genuine delivery
     */
    @Benchmark
    public boolean libraryVerify() throws WebhookVerificationException {
        library.verify(payload, headers);
        return true;
    }

    /**
     * payhooks: the Standard Webhooks scheme's verifier, {@code verify(request, now)}.
     *
     * @return the verification
     */
    @Benchmark
    public Verification payhooksVerify() {
        return verifier.verify(request, now);
    }
}
