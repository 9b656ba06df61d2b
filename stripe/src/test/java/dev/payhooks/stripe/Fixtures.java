package dev.payhooks.stripe;

import dev.payhooks.WebhookRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Test resources and request helpers. */
final class Fixtures {

    private Fixtures() {
    }

    /** The exact bytes of a test resource. */
    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A realistic event from src/test/resources/events. */
    static byte[] event(String name) {
        return resource("events/" + name + ".json");
    }

    static WebhookRequest request(byte[] body, String signatureHeader) {
        return WebhookRequest.builder().body(body).header("Stripe-Signature", signatureHeader).build();
    }

    static Instant at(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds);
    }
}
