package dev.payhooks.examples.jdk;

import com.sun.net.httpserver.HttpServer;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.examples.Events;
import dev.payhooks.examples.Http;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class JdkWebhookServerTest {

    private static final String SECRET = "whsec_jdk_example_secret";

    private final List<String> failedRefunds = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory())
                .maxBodyBytes(4_096)
                .on("refund.failed", event -> failedRefunds.add(event.data(RefundView.class).id()))
                .build();
        server = JdkWebhookServer.start(new InetSocketAddress("127.0.0.1", 0), "/webhooks/stripe", receiver);
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Map<String, String> signed(byte[] body, Instant at) {
        return StripeWebhooks.signer(SECRET).headers(body, at);
    }

    @Test
    void handlesASignedDeliveryOnceAndAcknowledgesTheRedelivery() {
        byte[] body = Events.stripeRefund("evt_jdk_1", "refund.failed", "re_jdk_1", Instant.now());

        HttpResponse<String> first = Http.post(url, body, signed(body, Instant.now()));
        HttpResponse<String> again = Http.post(url, body, signed(body, Instant.now()));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(failedRefunds).containsExactly("re_jdk_1");
    }

    @Test
    void rejectsABodyChangedAfterSigningWithoutRunningTheHandler() {
        byte[] body = Events.stripeRefund("evt_jdk_2", "refund.failed", "re_jdk_2", Instant.now());
        Map<String, String> headers = signed(body, Instant.now());
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("1000", "9000").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = Http.post(url, tampered, headers);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("signature").doesNotContain(SECRET);
        assertThat(failedRefunds).isEmpty();
    }

    @Test
    void answersOtherMethodsWith405AndOversizedBodiesWith413() {
        HttpResponse<String> get = Http.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        byte[] big = new byte[10_000];
        java.util.Arrays.fill(big, (byte) ' ');

        HttpResponse<String> tooLarge = Http.post(url, big, signed(big, Instant.now()));

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }
}
