package dev.payhooks.stripe.java;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.stripe.StripeWebhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Signed Stripe deliveries and the payhooks events they decode to. Signing uses javax.crypto directly
 * (HMAC-SHA256 over {@code <t>.<body>} with the whole {@code whsec_} string as the key, as Stripe's
 * "Verify manually" section of https://docs.stripe.com/webhooks describes), never payhooks code.
 */
final class Deliveries {

    static final String SECRET = "whsec_stripeJavaModuleTestSecret0123456789";
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private Deliveries() {
    }

    /** The {@code Stripe-Signature} value for a body signed at {@code t}. */
    static String header(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookRequest request(byte[] body, String signatureHeader) {
        return WebhookRequest.builder().body(body)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signatureHeader)
                .build();
    }

    /** A receiver for {@link #SECRET} at {@link #NOW} that hands every event it accepts to {@code seen}. */
    static WebhookReceiver receiver(AtomicReference<Event> seen) {
        return receiver(SECRET, seen);
    }

    /** A receiver for {@code secret} at {@link #NOW} that hands every event it accepts to {@code seen}. */
    static WebhookReceiver receiver(String secret, AtomicReference<Event> seen) {
        return WebhookReceiver.builder()
                .source(StripeWebhooks.source(secret))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .idempotencyStore(IdempotencyStore.inMemory())
                .otherwise(seen::set)
                .build();
    }

    /** Verifies and decodes a body through a real receiver; fails when the receiver does not accept it. */
    static Event received(byte[] body) {
        AtomicReference<Event> seen = new AtomicReference<>();
        WebhookResponse response = receiver(seen).receive(request(body, header(SECRET, NOW.getEpochSecond(), body)));
        if (response.status() != 200 || seen.get() == null) {
            throw new AssertionError("the receiver did not hand the delivery to a handler: " + response);
        }
        return seen.get();
    }

    /** The exact bytes of a test resource. */
    static byte[] resource(String path) {
        try (InputStream in = Deliveries.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Stripe event fixture of the stripe module (copied to stripe-events/ by this module's POM). */
    static List<Path> stripeModuleFixtures() {
        URL folder = Deliveries.class.getResource("/stripe-events");
        if (folder == null) {
            throw new IllegalStateException("stripe-events/ is missing from the test class path; see the testResources in the POM");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
