package dev.payhooks.spring.boot.tests;

import dev.payhooks.WebhookRequest;
import dev.payhooks.stripe.StripeWebhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Stripe-shaped deliveries, signed or not, and a plain HTTP client with generous timeouts. */
final class Deliveries {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private Deliveries() {
    }

    /** A Stripe refund event, shaped as Stripe sends it. */
    static byte[] refund(String eventId, String type, String refundId) {
        long created = Instant.now().getEpochSecond();
        return ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":" + created
                + ",\"livemode\":false,\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"" + refundId
                + "\",\"object\":\"refund\",\"amount\":1000,\"currency\":\"usd\",\"status\":\"failed\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A signed in-process request. */
    static WebhookRequest signed(String secret, byte[] body) {
        return StripeWebhooks.signer(secret).request(body, Instant.now());
    }

    /** Headers that sign {@code body} with each of the secrets. */
    static Map<String, String> signatureHeaders(String secret, byte[] body) {
        return StripeWebhooks.signer(secret).headers(body, Instant.now());
    }

    static HttpResponse<String> post(String url, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
