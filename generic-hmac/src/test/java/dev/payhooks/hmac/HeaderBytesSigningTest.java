package dev.payhooks.hmac;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.WebhookSigner;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.payhooks.hmac.Requests.assertRejected;
import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A signed header value is MACed as the bytes that were on the wire. A sender that puts non-ASCII
 * bytes in {@code webhook-id} signs those bytes (the Standard Webhooks content is
 * {@code <id>.<timestamp>.<body>}, https://www.standardwebhooks.com/); an HTTP stack hands the
 * header over decoded as ISO-8859-1, one character per byte. The expected MACs here are computed
 * with {@code javax.crypto} over the raw bytes, not with the code under test.
 */
class HeaderBytesSigningTest {

    private static final byte[] KEY = "0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = utf8("{\"type\":\"invoice.paid\",\"timestamp\":\"2027-01-15T08:00:00Z\",\"data\":{}}");
    /** "msg_café-€" as UTF-8 on the wire: 6D 73 67 5F 63 61 66 C3 A9 2D E2 82 AC. */
    private static final byte[] WIRE_ID = utf8("msg_caf\u00e9-\u20ac");
    /** What a container hands over: each of those bytes as one character. */
    private static final String CONTAINER_ID = new String(WIRE_ID, StandardCharsets.ISO_8859_1);

    private static String mac(byte[] id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(id);
            content.writeBytes(utf8("." + TS + "."));
            content.writeBytes(BODY);
            return Base64.getEncoder().encodeToString(mac.doFinal(content.toByteArray()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebhookRequest request(String id, String signature) {
        return WebhookRequest.builder().body(BODY).header("webhook-id", id).header("webhook-timestamp", TS)
                .header("webhook-signature", "v1," + signature).build();
    }

    @Test
    void verifiesANonAsciiMessageIdSignedOverTheBytesSent() {
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(SECRET)).verifier();
        assertThat(CONTAINER_ID).hasSize(WIRE_ID.length);

        verifier.verify(request(CONTAINER_ID, mac(WIRE_ID)), NOW);

        // The old mistake: a MAC over the UTF-8 of the decoded text (other bytes than were sent).
        assertRejected(verifier, request(CONTAINER_ID, mac(CONTAINER_ID.getBytes(StandardCharsets.UTF_8))), NOW,
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void refusesAMessageIdWithACharacterNoHeaderCanCarry() {
        // Only a caller that built the request from UTF-8-decoded text can produce this.
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(SECRET)).verifier();
        String decodedAsUtf8 = new String(WIRE_ID, StandardCharsets.UTF_8);

        assertRejected(verifier, request(decodedAsUtf8, mac(WIRE_ID)), NOW, RejectionReason.MISSING_MESSAGE_ID);
    }

    @Test
    void theReceiverDeduplicatesByTheIdAsTheContainerDecodedIt() {
        List<String> handled = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.standardWebhooks().source(SECRET))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).otherwise(event -> handled.add(event.idempotencyKey())).build();

        WebhookResponse first = receiver.receive(request(CONTAINER_ID, mac(WIRE_ID)));
        WebhookResponse again = receiver.receive(request(CONTAINER_ID, mac(WIRE_ID)));

        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).containsExactly(CONTAINER_ID);
    }

    @Test
    void theSignerSignsTheHeaderBytesItsValueBecomes() {
        WebhookSigner signer = HmacPresets.standardWebhooks().signer(SECRET);

        Map<String, String> headers = signer.headers(BODY, NOW, CONTAINER_ID);

        assertThat(headers).containsEntry("webhook-signature", "v1," + mac(WIRE_ID));
        assertThatThrownBy(() -> signer.headers(BODY, NOW, "msg_\u20ac")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above U+00FF");
    }
}
