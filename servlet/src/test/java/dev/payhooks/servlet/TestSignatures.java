package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only signature scheme built from core's spi toolkit, because this module may not depend
 * on a provider module: {@code X-Test-Timestamp: <unix seconds>} and
 * {@code X-Test-Signature: <hex HMAC-SHA256 of "<timestamp>." + body>}. It also remembers the
 * exact bytes of every body it verified, by the {@code X-Test-Delivery} header, so tests can show
 * that what was verified is what was sent, even for bodies the JSON decoder then refuses.
 */
final class TestSignatures implements SignatureVerifier {

    static final String PROVIDER = "test";
    static final String TIMESTAMP_HEADER = "X-Test-Timestamp";
    static final String SIGNATURE_HEADER = "X-Test-Signature";
    static final String DELIVERY_HEADER = "X-Test-Delivery";

    private final SecretResolver secrets;
    private final Tolerance tolerance = Tolerance.of(Duration.ofMinutes(5));
    private final Map<String, byte[]> verifiedBodies = new ConcurrentHashMap<>();

    TestSignatures(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** The envelope {"id", "type", "data"} read by core's JSON decoder. */
    static EventDecoder jsonDecoder() {
        return JsonEventDecoder.builder(PROVIDER).id("/id").type("/type").data("/data").build();
    }

    /**
     * A decoder that does not parse the body: id and type come from headers. It stands for a
     * provider whose bodies are binary, not text (so it opts out of the receiver's UTF-8 check),
     * so that bytes no JSON parser accepts (invalid UTF-8) can still be followed all the way to a
     * handler.
     */
    static EventDecoder opaqueDecoder() {
        return new EventDecoder() {
            @Override
            public Event decode(WebhookRequest request, Verification verification) {
                String id = request.header("X-Test-Event-Id").orElseThrow(() ->
                        new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD, "no X-Test-Event-Id"));
                String type = request.header("X-Test-Event-Type").orElseThrow(() ->
                        new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD, "no X-Test-Event-Type"));
                return Event.builder(PROVIDER, id, type, request.body()).build();
            }

            @Override
            public boolean requiresUtf8() {
                return false;
            }
        };
    }

    WebhookSource source(EventDecoder decoder) {
        return new WebhookSource(PROVIDER, this, decoder);
    }

    /** The body this scheme verified for a delivery, if it verified one. */
    byte[] verifiedBody(String delivery) {
        return verifiedBodies.get(delivery);
    }

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        String timestamp = SignatureHeaders.single(request, TIMESTAMP_HEADER,
                RejectionReason.MISSING_TIMESTAMP, RejectionReason.MALFORMED_TIMESTAMP);
        String signature = SignatureHeaders.single(request, SIGNATURE_HEADER,
                RejectionReason.MISSING_SIGNATURE_HEADER, RejectionReason.MALFORMED_SIGNATURE_HEADER);
        tolerance.check(Timestamps.parseUnixSeconds(timestamp), now);
        List<byte[]> candidates = new ArrayList<>();
        SignatureEncoding.HEX.decode(signature).ifPresent(candidates::add);
        var resolved = secrets.resolve(request);
        List<HmacKey> keys = new ArrayList<>();
        for (WebhookSecret secret : resolved.activeAt(now)) {
            keys.add(HmacKey.of(HmacAlgorithm.SHA256, secret.value().getBytes(StandardCharsets.UTF_8)));
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        if (HmacKey.indexOfMatchingKey(keys, prefix, request, candidates) < 0) {
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "no signature matches");
        }
        request.header(DELIVERY_HEADER).ifPresent(delivery -> verifiedBodies.put(delivery, request.body()));
        return Verification.forTenant(resolved.tenant().orElse(null));
    }

    /** The hex signature of a body, as a sender computes it: straight from the JDK, not from core's toolkit. */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
