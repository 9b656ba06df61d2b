package dev.payhooks.benchmarks;

import dev.payhooks.RejectionReason;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.omise.OmiseWebhooks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;

/**
 * Omise deliveries: payhooks' Omise verifier ({@code OmiseWebhooks.source(secret).verifier()}) on a {@code charge.complete} event.
 * Omise publishes no SDK that verifies webhooks, so the only comparison is the HMAC floor of
 * {@link FloorBenchmarks} (same sizes, same algorithm).
 */
@State(Scope.Benchmark)
public class OmiseBenchmarks extends BenchmarkSettings {

    /** The webhook secret as Omise shows it: base64 (made-up, 32 bytes). */
    static final String SECRET = "bXlPbWlzZVdlYmhvb2tTZWNyZXRGb3JCZW5jaG1hcmtz";

    private static final String WRONG_SECRET = "b3RoZXJPbWlzZVNlY3JldE5vdFRoaXNFbmRwb2ludCE=";
    private static final String EVENT_ID = "evnt_test_61ayw3v0q2k9xbench";

    /** Body size in bytes. */
    @Param({"1024", "4096", "65536"})
    public int size;

    private SignatureVerifier verifier;
    private WebhookRequest request;
    private Instant now;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public OmiseBenchmarks() {
    }

    /**
     * Signs a delivery and proves that the verifier accepts it and rejects a tampered body, another
     * secret and a stale timestamp.
     */
    @Setup(Level.Trial)
    public void setUp() {
        verifier = OmiseWebhooks.source(SECRET).verifier();
        now = Instant.now();
        long t = now.getEpochSecond();
        byte[] body = Payloads.omiseChargeComplete(size, EVENT_ID);
        request = request(body, Signing.omiseSignature(SECRET, t, body), t);

        SelfCheck.accepts("payhooks Omise verify", this::payhooksVerify);
        SelfCheck.rejects("payhooks Omise verify, tampered body", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(SelfCheck.tampered(body), Signing.omiseSignature(SECRET, t, body), t), now));
        SelfCheck.rejects("payhooks Omise verify, other secret", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(body, Signing.omiseSignature(WRONG_SECRET, t, body), t), now));
        SelfCheck.rejects("payhooks Omise verify, stale", RejectionReason.TIMESTAMP_TOO_OLD,
                () -> verifier.verify(request(body, Signing.omiseSignature(SECRET, t - 3600, body), t - 3600), now));
    }

    private static WebhookRequest request(byte[] body, String signature, long timestamp) {
        return WebhookRequest.builder()
                .body(body)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Omise-Webhook/1.0")
                .header("Omise-Signature", signature)
                .header("Omise-Signature-Timestamp", Long.toString(timestamp))
                .build();
    }

    /**
     * payhooks: {@code OmiseWebhooks.source(secret).verifier().verify(request, now)}.
     *
     * @return the verification
     */
    @Benchmark
    public Verification payhooksVerify() {
        return verifier.verify(request, now);
    }
}
