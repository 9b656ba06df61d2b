package dev.payhooks.examples.springwithoutstarter;

import dev.payhooks.examples.Events;
import dev.payhooks.examples.Http;
import dev.payhooks.stripe.StripeWebhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSRF pitfall Stripe's webhook guide warns about (https://docs.stripe.com/webhooks, "Exempt
 * webhook route from CSRF protection"), reproduced: the same application with the webhook filter ordered after
 * Spring Security. A correctly signed webhook never reaches payhooks; CSRF protection answers 403.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "payhooks.stripe.secret=" + WebhookFilterAfterSpringSecurityTest.SECRET,
        "payhooks.webhook-filter-order=0",
        "spring.security.user.name=shop",
        "spring.security.user.password=shop-password",
        "logging.level.root=WARN",
        "spring.main.banner-mode=off"})
class WebhookFilterAfterSpringSecurityTest {

    static final String SECRET = "whsec_spring_pitfall_secret";

    @LocalServerPort
    private int port;

    @Autowired
    private RefundLedger ledger;

    @Test
    void aSignedWebhookIsRefusedByCsrfWhenTheFilterRunsAfterSpringSecurity() {
        Instant now = Instant.now();
        byte[] body = Events.stripeRefund("evt_pitfall_1", "refund.failed", "re_pitfall_1", now);
        Map<String, String> headers = StripeWebhooks.signer(SECRET).headers(body, now);

        HttpResponse<String> response = Http.post("http://127.0.0.1:" + port + "/webhooks/stripe", body, headers);

        // Stripe would retry this for three days, and the refund would never be recorded.
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(ledger.failedRefunds()).isEmpty();
    }
}
