package dev.payhooks.examples.tenants;

import com.sun.net.httpserver.HttpServer;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.examples.Events;
import dev.payhooks.examples.Http;
import dev.payhooks.examples.jdk.JdkWebhookServer;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MultiTenantWebhooksTest {

    private static final String SECRET_A = "whsec_profile_a_secret";
    private static final String SECRET_A_NEW = "whsec_profile_a_rolled_secret";
    private static final String SECRET_B = "whsec_profile_b_secret";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T09:00:00Z"));
    private final GatewayProfiles profiles = new GatewayProfiles();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        profiles.save("m_1", "gp_a", SECRET_A);
        profiles.save("m_1", "gp_b", SECRET_B);
        WebhookReceiver receiver = MultiTenantWebhooks.receiver(profiles, clock,
                (tenant, refund) -> seen.add(tenant + " " + refund.id()));
        server = JdkWebhookServer.start(new InetSocketAddress("127.0.0.1", 0), "/webhooks/stripe", receiver);
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int deliver(String query, String secret, String eventId, String refundId) {
        Instant now = clock.instant();
        byte[] body = Events.stripeRefund(eventId, "refund.failed", refundId, now);
        return Http.post(base + query, body, StripeWebhooks.signer(secret).headers(body, now)).statusCode();
    }

    @Test
    void eachGatewayProfileVerifiesWithItsOwnSecret() {
        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A, "evt_1", "re_a")).isEqualTo(200);
        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_b", SECRET_B, "evt_2", "re_b")).isEqualTo(200);
        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_b", SECRET_A, "evt_3", "re_x")).isEqualTo(401);

        assertThat(seen).containsExactly("m_1/gp_a re_a", "m_1/gp_b re_b");
    }

    @Test
    void anUnknownOrMissingProfileIsAnswered404() {
        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_zz", SECRET_A, "evt_4", "re_4")).isEqualTo(404);
        assertThat(deliver("?merchantId=m_1", SECRET_A, "evt_5", "re_5")).isEqualTo(404);
        assertThat(deliver("", SECRET_A, "evt_6", "re_6")).isEqualTo(404);
        assertThat(seen).isEmpty();
    }

    @Test
    void oneEventIdIsDeduplicatedPerTenantNotAcrossTenants() {
        profiles.save("m_2", "gp_a", SECRET_A);

        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A, "evt_same", "re_1")).isEqualTo(200);
        assertThat(deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A, "evt_same", "re_1")).isEqualTo(200);
        assertThat(deliver("?merchantId=m_2&gatewayProfileId=gp_a", SECRET_A, "evt_same", "re_1")).isEqualTo(200);

        assertThat(seen).containsExactly("m_1/gp_a re_1", "m_2/gp_a re_1");
    }

    @Test
    void aRolledSecretKeepsWorkingForTheGracePeriodOnly() {
        profiles.roll("m_1", "gp_a", SECRET_A_NEW, clock.instant());

        clock.advance(Duration.ofHours(1));
        int oldDuringGrace = deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A, "evt_r1", "re_r1");
        int newDuringGrace = deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A_NEW, "evt_r2", "re_r2");
        clock.advance(GatewayProfiles.ROLL_GRACE);
        int oldAfterGrace = deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A, "evt_r3", "re_r3");
        int newAfterGrace = deliver("?merchantId=m_1&gatewayProfileId=gp_a", SECRET_A_NEW, "evt_r4", "re_r4");

        assertThat(List.of(oldDuringGrace, newDuringGrace, oldAfterGrace, newAfterGrace)).containsExactly(200, 200, 401, 200);
        assertThat(seen).containsExactly("m_1/gp_a re_r1", "m_1/gp_a re_r2", "m_1/gp_a re_r4");
    }
}
