package dev.payhooks.examples.quarkus;

import dev.payhooks.stripe.StripeWebhooks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Quarkus application started once on a random loopback port ({@code quarkus.http.test-port=0}),
 * receiving Stripe deliveries signed with payhooks-stripe's own signer over real HTTP.
 */
@QuarkusTest
class QuarkusWebhookApplicationTest {

    private static final String SECRET = "whsec_quarkus_example_test_secret";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/webhooks/stripe")
    URI webhook;

    @TestHTTPResource("/orders/failed-refunds")
    URI failedRefunds;

    @Inject
    RefundLedger ledger;

    @Test
    void handlesASignedDeliveryOnceAndAcknowledgesTheDuplicate() {
        byte[] body = refundFailed("evt_quarkus_1", "re_quarkus_1");

        HttpResponse<String> first = post(body, "application/json", signed(body));
        HttpResponse<String> again = post(body, "application/json", signed(body));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ledger.failedRefunds()).containsOnlyOnce("re_quarkus_1");
        // The rest of the application is untouched by the webhook filter.
        HttpResponse<String> orders = send(HttpRequest.newBuilder(failedRefunds).GET());
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).contains("re_quarkus_1");
    }

    @Test
    void refusesTamperedUnsignedOversizedAndNonJsonDeliveriesWithoutRunningTheHandler() {
        byte[] body = refundFailed("evt_quarkus_2", "re_quarkus_2");
        Map<String, String> headers = signed(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("1000", "9000").getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[65_537];

        HttpResponse<String> tamperedAnswer = post(tampered, "application/json", headers);
        HttpResponse<String> unsigned = post(body, "application/json", Map.of());
        HttpResponse<String> tooLarge = post(oversized, "application/json", signed(oversized));
        HttpResponse<String> form = post(body, "application/x-www-form-urlencoded", headers);

        assertThat(tamperedAnswer.statusCode()).isEqualTo(401);
        assertThat(tamperedAnswer.body()).doesNotContain("signature").doesNotContain(SECRET);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(ledger.failedRefunds()).doesNotContain("re_quarkus_2");
    }

    private static Map<String, String> signed(byte[] body) {
        return StripeWebhooks.signer(SECRET).headers(body, Instant.now());
    }

    private HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe refund.failed event (fields from https://docs.stripe.com/api/events/object). */
    private static byte[] refundFailed(String id, String refundId) {
        return ("{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"livemode\":false,\"type\":\"refund.failed\",\"data\":{\"object\":{\"id\":\""
                + refundId + "\",\"object\":\"refund\",\"amount\":1000,\"currency\":\"usd\",\"status\":\"failed\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
