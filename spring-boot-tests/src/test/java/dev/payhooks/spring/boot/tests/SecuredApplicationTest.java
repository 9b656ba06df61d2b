package dev.payhooks.spring.boot.tests;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a real application on a real port: Tomcat, Spring Security with CSRF on, the
 * JDBC idempotency store on PostgreSQL, two endpoints (one with rotated secrets, one with
 * per-tenant secrets), Actuator.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "payhooks.endpoints.stripe.provider=stripe",
        "payhooks.endpoints.stripe.path=/webhooks/stripe",
        "payhooks.endpoints.stripe.secrets[0]=" + SecuredApplicationTest.NEW_SECRET,
        "payhooks.endpoints.stripe.secrets[1]=" + SecuredApplicationTest.OLD_SECRET,
        "payhooks.endpoints.stripe.tolerance=5m",
        "payhooks.endpoints.stripe.max-body-size=64KB",
        "payhooks.endpoints.gateway.provider=stripe",
        "payhooks.endpoints.gateway.path=/webhooks/gateway",
        "payhooks.endpoints.gateway.tenant.query-parameters=merchantId,gatewayProfileId",
        "payhooks.jdbc.create-schema=true",
        "payhooks.jdbc.table=secured_idempotency",
        "spring.security.user.name=shop",
        "spring.security.user.password=shop-password",
        "management.endpoint.health.show-details=always",
        "spring.main.banner-mode=off"})
class SecuredApplicationTest {

    static final String NEW_SECRET = "whsec_secured_new";
    static final String OLD_SECRET = "whsec_secured_old";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ShopApplication.Refunds refunds;

    @Autowired
    private ShopApplication.WebhookPathController webhookPathController;

    @Autowired
    private javax.sql.DataSource dataSource;

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void aSignedDeliveryIsHandledOnceAndItsDuplicateIsAnswered200WithoutASecondRun() throws Exception {
        byte[] body = Deliveries.refund("evt_sec_1", "refund.failed", "re_sec_1");
        Map<String, String> headers = Deliveries.signatureHeaders(NEW_SECRET, body);

        HttpResponse<String> first = Deliveries.post(url("/webhooks/stripe"), body, headers);
        HttpResponse<String> duplicate = Deliveries.post(url("/webhooks/stripe"), body, headers);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(refunds.handled).containsOnlyOnce("stripe re_sec_1");
        assertThat(refunds.handled.stream().filter("stripe re_sec_1"::equals)).hasSize(1);
        assertThat(webhookPathController.calls).hasValue(0);
        // The claim went to PostgreSQL, not to memory.
        assertThat(AutoConfigurationTest.rows(dataSource, "secured_idempotency")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bothSecretsOfARotationAreAccepted() {
        byte[] oldSigned = Deliveries.refund("evt_sec_rot_old", "refund.failed", "re_rot_old");
        byte[] newSigned = Deliveries.refund("evt_sec_rot_new", "refund.failed", "re_rot_new");

        assertThat(Deliveries.post(url("/webhooks/stripe"), oldSigned, Deliveries.signatureHeaders(OLD_SECRET, oldSigned))
                .statusCode()).isEqualTo(200);
        assertThat(Deliveries.post(url("/webhooks/stripe"), newSigned, Deliveries.signatureHeaders(NEW_SECRET, newSigned))
                .statusCode()).isEqualTo(200);
        assertThat(refunds.handled).contains("stripe re_rot_old", "stripe re_rot_new");
    }

    @Test
    void aForgedDeliveryIs401AndAnUnsignedOneIs400() {
        byte[] body = Deliveries.refund("evt_sec_forged", "refund.failed", "re_forged");
        Map<String, String> headers = Deliveries.signatureHeaders("whsec_someone_else", body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("re_forged", "re_tampered").getBytes(StandardCharsets.UTF_8);
        Map<String, String> signedOriginal = Deliveries.signatureHeaders(NEW_SECRET, body);

        assertThat(Deliveries.post(url("/webhooks/stripe"), body, headers).statusCode()).isEqualTo(401);
        assertThat(Deliveries.post(url("/webhooks/stripe"), tampered, signedOriginal).statusCode()).isEqualTo(401);
        assertThat(Deliveries.post(url("/webhooks/stripe"), body, Map.of()).statusCode()).isEqualTo(400);
        assertThat(refunds.handled).doesNotContain("stripe re_forged", "stripe re_tampered");
        assertThat(webhookPathController.calls).hasValue(0);
    }

    @Test
    void aBodyOverTheConfiguredLimitIs413() {
        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(Deliveries.post(url("/webhooks/stripe"), big, Map.of("Stripe-Signature", "t=1,v1=00")).statusCode())
                .isEqualTo(413);
    }

    @Test
    void anOrdinaryPostElsewhereStillNeedsItsCsrfToken() {
        HttpRequest withoutToken = HttpRequest.newBuilder(URI.create(url("/orders")))
                .header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(url("/orders")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(Deliveries.send(withoutToken).statusCode()).isEqualTo(403);
        assertThat(Deliveries.send(anonymous).statusCode()).isIn(401, 403);
    }

    @Test
    void perTenantSecretsComeFromTheLookupBean() {
        byte[] body = Deliveries.refund("evt_sec_tenant", "refund.failed", "re_tenant");
        Map<String, String> merchant = Deliveries.signatureHeaders(ShopApplication.MERCHANT_SECRET, body);
        Map<String, String> otherKey = Deliveries.signatureHeaders(NEW_SECRET, body);

        HttpResponse<String> known = Deliveries.post(url("/webhooks/gateway?merchantId=m1&gatewayProfileId=p1"), body, merchant);
        HttpResponse<String> wrongSecret = Deliveries.post(url("/webhooks/gateway?merchantId=m1&gatewayProfileId=p1"), body, otherKey);
        HttpResponse<String> unknownTenant = Deliveries.post(url("/webhooks/gateway?merchantId=m2&gatewayProfileId=p1"), body, merchant);
        HttpResponse<String> noTenant = Deliveries.post(url("/webhooks/gateway"), body, merchant);

        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(unknownTenant.statusCode()).isEqualTo(404);
        assertThat(noTenant.statusCode()).isEqualTo(404);
        assertThat(refunds.handled).containsOnlyOnce("gateway m1/p1 evt_sec_tenant");
    }

    @Test
    void theHealthIndicatorReportsTheStore() {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url("/actuator/health/payhooks")))
                .header("Authorization", basic()).GET().build();

        HttpResponse<String> response = Deliveries.send(health);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"store\":\"jdbc\"");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("shop:shop-password".getBytes(StandardCharsets.UTF_8));
    }
}
