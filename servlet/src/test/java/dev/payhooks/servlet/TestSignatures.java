package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.TestScheme;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The testkit's {@link TestScheme} (this module may not depend on a provider module):
 * {@code X-Test-Timestamp: <unix seconds>} and
 * {@code X-Test-Signature: <hex HMAC-SHA256 of "<timestamp>." + body>}. It also remembers the
 * exact bytes of every body it verified, by the {@code X-Test-Delivery} header, so tests can show
 * that what was verified is what was sent, even for bodies the JSON decoder then refuses.
 */
final class TestSignatures implements SignatureVerifier {

    static final String PROVIDER = TestScheme.PROVIDER;
    static final String TIMESTAMP_HEADER = TestScheme.TIMESTAMP_HEADER;
    static final String SIGNATURE_HEADER = TestScheme.SIGNATURE_HEADER;
    static final String DELIVERY_HEADER = "X-Test-Delivery";

    private final SignatureVerifier scheme;
    private final Map<String, byte[]> verifiedBodies = new ConcurrentHashMap<>();

    TestSignatures(SecretResolver secrets) {
        this.scheme = TestScheme.verifier(secrets);
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
        Verification verification = scheme.verify(request, now);
        request.header(DELIVERY_HEADER).ifPresent(delivery -> verifiedBodies.put(delivery, request.body()));
        return verification;
    }

    /** The hex signature of a body, as a sender computes it: straight from the JDK, not from core's toolkit. */
    static String sign(String secret, long timestamp, byte[] body) {
        return TestScheme.signature(secret, Long.toString(timestamp), body);
    }
}
