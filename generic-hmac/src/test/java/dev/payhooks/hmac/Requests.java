package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small helpers shared by the tests. */
final class Requests {

    private Requests() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        WebhookRequest.Builder builder = WebhookRequest.builder().body(body);
        headers.forEach(builder::header);
        return builder.build();
    }

    static void assertRejected(SignatureVerifier verifier, WebhookRequest request, Instant now, RejectionReason reason) {
        assertThatThrownBy(() -> verifier.verify(request, now))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason));
    }
}
