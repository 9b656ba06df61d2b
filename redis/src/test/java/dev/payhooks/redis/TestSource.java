package dev.payhooks.redis;

import dev.payhooks.Event;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookSource;

import java.nio.charset.StandardCharsets;

/**
 * A provider stand-in for deduplication tests: the body is the event id. Signature verification is
 * the provider modules' subject and is deliberately trivial here; what these tests exercise is the
 * receiver's claim, handler run, completion and answer against a real Redis server.
 */
final class TestSource {

    private TestSource() {
    }

    static WebhookSource source() {
        return new WebhookSource("test", (request, now) -> Verification.verified(),
                (request, verification) -> Event.builder("test", new String(request.body(), StandardCharsets.UTF_8),
                        "test.event", "{}".getBytes(StandardCharsets.UTF_8)).build());
    }

    static WebhookRequest delivery(String eventId) {
        return WebhookRequest.builder().body(eventId.getBytes(StandardCharsets.UTF_8)).build();
    }
}
