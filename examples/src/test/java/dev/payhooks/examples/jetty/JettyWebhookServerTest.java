package dev.payhooks.examples.jetty;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.examples.Events;
import dev.payhooks.examples.Http;
import dev.payhooks.omise.ChargeView;
import dev.payhooks.omise.OmiseWebhooks;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class JettyWebhookServerTest {

    // base64 of "jetty-example-omise-secret-key!!"
    private static final String SECRET = "amV0dHktZXhhbXBsZS1vbWlzZS1zZWNyZXQta2V5ISE=";

    private final List<String> completedCharges = new CopyOnWriteArrayList<>();
    private Server server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(OmiseWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory())
                .on("charge.complete", event -> completedCharges.add(ChargeView.of(event).id()))
                .build();
        server = JettyWebhookServer.start(0, receiver);
        base = "http://127.0.0.1:" + JettyWebhookServer.port(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void handlesAnOmiseDeliveryThroughTheServletFilter() {
        Instant now = Instant.now();
        byte[] body = Events.omiseChargeComplete("evnt_test_jetty_1", "chrg_test_jetty_1", now);
        Map<String, String> headers = OmiseWebhooks.signer(SECRET).headers(body, now);

        HttpResponse<String> first = Http.post(base + "/webhooks/omise", body, headers);
        HttpResponse<String> again = Http.post(base + "/webhooks/omise", body, headers);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(completedCharges).containsExactly("chrg_test_jetty_1");
    }

    @Test
    void rejectsAStaleDeliveryAndLeavesTheRestOfTheApplicationAlone() {
        Instant old = Instant.now().minusSeconds(3_600);
        byte[] body = Events.omiseChargeComplete("evnt_test_jetty_2", "chrg_test_jetty_2", old);
        Map<String, String> headers = OmiseWebhooks.signer(SECRET).headers(body, old);

        HttpResponse<String> stale = Http.post(base + "/webhooks/omise", body, headers);
        HttpResponse<String> shop = Http.send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build());

        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(completedCharges).isEmpty();
        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.body()).isEqualTo("the shop\n");
    }

    @Test
    void answersANonJsonContentTypeWith415() {
        Instant now = Instant.now();
        byte[] body = Events.omiseChargeComplete("evnt_test_jetty_3", "chrg_test_jetty_3", now);
        HttpRequest form = HttpRequest.newBuilder(URI.create(base + "/webhooks/omise"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        assertThat(Http.send(form).statusCode()).isEqualTo(415);
        assertThat(completedCharges).isEmpty();
    }
}
