package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Header spellings and the rule that an unsigned header never becomes the deduplication key. */
class JsonEventDecoderHeadersTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    private static Event decode(JsonEventDecoder decoder, String... headers) {
        WebhookRequest.Builder request = WebhookRequest.builder().body(BODY);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return decoder.decode(request.build(), Verification.verified());
    }

    private static String digest() throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));
    }

    @Test
    void idAndIdempotencyKeyFollowTheSpellingTheRequestChose() {
        JsonEventDecoder decoder = JsonEventDecoder.builder("standard-webhooks")
                .idFromHeader("webhook-id", "svix-id").idempotencyKeyFromHeader("webhook-id", "svix-id")
                .signedHeaders("webhook-id", "svix-id").build();

        assertThat(decode(decoder, "webhook-id", "msg_1").idempotencyKey()).isEqualTo("msg_1");
        Event svix = decode(decoder, "svix-id", "msg_2");
        assertThat(svix.id()).isEqualTo("msg_2");
        assertThat(svix.idempotencyKey()).isEqualTo("msg_2");
        // Both present: the first spelling wins, for the id and the key alike.
        Event both = decode(decoder, "svix-id", "msg_3", "webhook-id", "msg_4");
        assertThat(both.id()).isEqualTo("msg_4");
        assertThat(both.idempotencyKey()).isEqualTo("msg_4");
    }

    @Test
    void anIdFromAnUnsignedHeaderIsNoDeduplicationKey() throws Exception {
        JsonEventDecoder decoder = JsonEventDecoder.builder("github")
                .idFromHeader("X-GitHub-Delivery").typeFromHeader("X-GitHub-Event").data("").signedHeaders().build();

        Event first = decode(decoder, "X-GitHub-Delivery", "d-1", "X-GitHub-Event", "push");
        Event replayed = decode(decoder, "X-GitHub-Delivery", "d-2", "X-GitHub-Event", "push");

        assertThat(first.id()).isEqualTo("d-1");
        assertThat(first.idempotencyKey()).isEqualTo(digest()).isEqualTo(replayed.idempotencyKey());
    }

    @Test
    void anIdempotencyHeaderTheSignatureDoesNotCoverIsReplacedByTheBodyDigest() throws Exception {
        JsonEventDecoder decoder = JsonEventDecoder.builder("acme")
                .idempotencyKeyFromHeader("X-Delivery").signedHeaders("X-Timestamp").build();

        assertThat(decode(decoder, "X-Delivery", "d-1").idempotencyKey()).isEqualTo(digest());
    }

    @Test
    void signedHeadersAreCaseInsensitiveAndWithoutThemEveryHeaderIsTrusted() {
        JsonEventDecoder signed = JsonEventDecoder.builder("acme")
                .idempotencyKeyFromHeader("X-Delivery").signedHeaders("x-delivery").build();
        JsonEventDecoder trusting = JsonEventDecoder.builder("acme").idempotencyKeyFromHeader("X-Delivery").build();

        assertThat(decode(signed, "X-Delivery", "d-1").idempotencyKey()).isEqualTo("d-1");
        assertThat(decode(trusting, "X-Delivery", "d-1").idempotencyKey()).isEqualTo("d-1");
    }
}
