package dev.payhooks.examples.springwithoutstarter;

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

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "payhooks.stripe.secret=" + SpringWebhookApplicationTest.SECRET,
        "spring.security.user.name=shop",
        "spring.security.user.password=shop-password",
        "logging.level.root=WARN",
        "spring.main.banner-mode=off"})
class SpringWebhookApplicationTest {

    static final String SECRET = "whsec_spring_example_secret";

    @LocalServerPort
    private int port;

    @Autowired
    private RefundLedger ledger;

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void aSignedWebhookIsHandledWhileCsrfProtectionIsOn() {
        Instant now = Instant.now();
        byte[] body = Events.stripeRefund("evt_spring_1", "refund.failed", "re_spring_1", now);
        Map<String, String> headers = StripeWebhooks.signer(SECRET).headers(body, now);

        HttpResponse<String> first = Http.post(url("/webhooks/stripe"), body, headers);
        HttpResponse<String> again = Http.post(url("/webhooks/stripe"), body, headers);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ledger.failedRefunds()).containsExactly("re_spring_1");
    }

    @Test
    void anUnsignedOrTamperedWebhookIsRejectedByPayhooksNotByCsrf() {
        Instant now = Instant.now();
        byte[] body = Events.stripeRefund("evt_spring_2", "refund.failed", "re_spring_2", now);
        Map<String, String> headers = StripeWebhooks.signer(SECRET).headers(body, now);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("re_spring_2", "re_spring_X")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> forged = Http.post(url("/webhooks/stripe"), tampered, headers);
        HttpResponse<String> unsigned = Http.post(url("/webhooks/stripe"), body, Map.of());

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(ledger.failedRefunds()).doesNotContain("re_spring_2", "re_spring_X");
    }

    @Test
    void theRestOfTheApplicationStillRequiresACsrfToken() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("shop:shop-password".getBytes(StandardCharsets.UTF_8));
        HttpRequest withoutToken = HttpRequest.newBuilder(URI.create(url("/orders")))
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        HttpResponse<String> response = Http.send(withoutToken);

        // Authenticated, but no CSRF token: Spring Security's CsrfFilter refuses it, as it would a webhook.
        assertThat(response.statusCode()).isEqualTo(403);
    }
}
