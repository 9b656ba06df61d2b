package dev.payhooks.examples.spring;

import dev.payhooks.examples.Events;
import dev.payhooks.examples.Http;
import dev.payhooks.stripe.StripeWebhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = StarterWebhookApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "STRIPE_WEBHOOK_SECRET=" + StarterWebhookApplicationTest.SECRET,
                "spring.security.user.name=shop",
                "spring.security.user.password=shop-password",
                "logging.level.root=WARN",
                "spring.main.banner-mode=off"})
class StarterWebhookApplicationTest {

    static final String SECRET = "whsec_starter_example_secret";

    @LocalServerPort
    private int port;

    @Autowired
    private Refunds refunds;

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void aSignedWebhookIsHandledOnceWhileCsrfProtectionIsOn() {
        Instant now = Instant.now();
        byte[] body = Events.stripeRefund("evt_starter_1", "refund.failed", "re_starter_1", now);
        Map<String, String> headers = StripeWebhooks.signer(SECRET).headers(body, now);

        HttpResponse<String> first = Http.post(url("/webhooks/stripe"), body, headers);
        HttpResponse<String> again = Http.post(url("/webhooks/stripe"), body, headers);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(refunds.failedRefunds()).containsExactly("re_starter_1");
    }

    @Test
    void anUnsignedOrTamperedWebhookIsRejectedByPayhooksNotByCsrf() {
        Instant now = Instant.now();
        byte[] body = Events.stripeRefund("evt_starter_2", "refund.failed", "re_starter_2", now);
        Map<String, String> headers = StripeWebhooks.signer(SECRET).headers(body, now);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("re_starter_2", "re_starter_X")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(Http.post(url("/webhooks/stripe"), tampered, headers).statusCode()).isEqualTo(401);
        assertThat(Http.post(url("/webhooks/stripe"), body, Map.of()).statusCode()).isEqualTo(400);
        assertThat(refunds.failedRefunds()).doesNotContain("re_starter_2", "re_starter_X");
    }

    @Test
    void theRestOfTheApplicationStillRequiresACsrfToken() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("shop:shop-password".getBytes(StandardCharsets.UTF_8));
        HttpRequest withoutToken = HttpRequest.newBuilder(URI.create(url("/orders")))
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(Http.send(withoutToken).statusCode()).isEqualTo(403);
    }
}
