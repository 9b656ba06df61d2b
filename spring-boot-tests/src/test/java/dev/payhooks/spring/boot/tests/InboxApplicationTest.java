package dev.payhooks.spring.boot.tests;

import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.internal.EndpointRegistry;
import dev.payhooks.spi.Inbox;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbox mode in a real application: deliveries go to the JDBC inbox on PostgreSQL, the answer comes
 * before a slow handler finishes, and the handler runs on an inbox worker; Micrometer sees it.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "payhooks.endpoints.stripe.provider=stripe",
        "payhooks.endpoints.stripe.path=/webhooks/stripe",
        "payhooks.endpoints.stripe.secrets[0]=" + InboxApplicationTest.SECRET,
        "payhooks.endpoints.stripe.inbox-table=inbox_app_stripe",
        "payhooks.endpoints.gateway.provider=stripe",
        "payhooks.endpoints.gateway.path=/webhooks/gateway",
        "payhooks.endpoints.gateway.tenant.query-parameters=merchantId,gatewayProfileId",
        "payhooks.endpoints.gateway.inbox-table=inbox_app_gateway",
        "payhooks.inbox.enabled=true",
        "payhooks.inbox.threads=2",
        "payhooks.jdbc.create-schema=true",
        "spring.security.user.name=shop",
        "spring.security.user.password=shop-password",
        "management.endpoint.health.show-details=always",
        "management.endpoints.web.exposure.include=health,metrics",
        "spring.main.banner-mode=off"})
class InboxApplicationTest {

    static final String SECRET = "whsec_inbox_app";

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
    private PayhooksEndpoints endpoints;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ApplicationContext context;

    @Test
    void theAnswerComesBeforeASlowHandlerFinishesAndTheHandlerRunsOnAWorker() throws Exception {
        byte[] body = Deliveries.refund("evt_inbox_slow", "refund.failed", "re_slow_1");

        HttpResponse<String> answer = Deliveries.post("http://127.0.0.1:" + port + "/webhooks/stripe", body,
                Deliveries.signatureHeaders(SECRET, body));

        // Answered while the handler has not finished: it waits for releaseSlow, counted down only below.
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(refunds.handled).doesNotContain("stripe re_slow_1");
        assertThat(refunds.slowStarted.await(60, TimeUnit.SECONDS)).as("a worker picked the row up").isTrue();
        refunds.releaseSlow.countDown();
        awaitHandled("stripe re_slow_1");
        assertThat(refunds.threads).allMatch(name -> name.startsWith("payhooks-inbox-worker"));

        HttpResponse<String> duplicate = Deliveries.post("http://127.0.0.1:" + port + "/webhooks/stripe", body,
                Deliveries.signatureHeaders(SECRET, body));
        assertThat(duplicate.statusCode()).isEqualTo(200);

        Inbox inbox = endpoints.inbox("stripe").orElseThrow();
        assertThat(inbox.listDead(10)).isEmpty();
        // payhooks-micrometer instruments the endpoint through the application's registry.
        assertThat(meters.getMeters().stream().map(Meter::getId).map(Meter.Id::getName))
                .anyMatch(name -> name.startsWith("payhooks.webhook"))
                .anyMatch(name -> name.startsWith("payhooks.inbox"));
    }

    @Test
    void thePayhooksMetersShowAtActuatorMetrics() {
        byte[] body = Deliveries.refund("evt_inbox_metrics", "refund.updated", "re_metrics_1");
        assertThat(Deliveries.post("http://127.0.0.1:" + port + "/webhooks/stripe", body,
                Deliveries.signatureHeaders(SECRET, body)).statusCode()).isEqualTo(200);

        HttpResponse<String> names = Deliveries.send(actuator("/actuator/metrics"));
        HttpResponse<String> rows = Deliveries.send(actuator("/actuator/metrics/payhooks.inbox.rows?tag=status:dead"));

        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(names.body()).contains("\"payhooks.webhook.receive\"").contains("\"payhooks.inbox.rows\"")
                .contains("\"payhooks.inbox.oldest.pending.age\"");
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.body()).contains("\"name\":\"payhooks.inbox.rows\"").contains("\"measurements\"");
    }

    private HttpRequest actuator(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("shop:shop-password"
                        .getBytes(StandardCharsets.UTF_8)))
                .GET().build();
    }

    @Test
    void theHealthIndicatorReportsTheInboxBacklog() {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/payhooks"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("shop:shop-password".getBytes(StandardCharsets.UTF_8)))
                .GET().build();

        HttpResponse<String> response = Deliveries.send(health);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"store\":\"jdbc\"").contains("inbox.stripe").contains("\"pending\"")
                .contains("\"dead\"");
    }

    @Test
    void theWorkersStopOnlyAfterTheWebServerHasStoppedTakingDeliveries() {
        // Spring stops lifecycles from the highest phase down: the web server's graceful shutdown and
        // stop run before the workers' stop, so no delivery is stored after the workers are gone.
        int workers = context.getBean(EndpointRegistry.class).getPhase();
        List<Integer> webServer = context.getBeansOfType(SmartLifecycle.class).values().stream()
                .filter(lifecycle -> lifecycle.getClass().getName().contains("WebServer"))
                .map(SmartLifecycle::getPhase).toList();

        assertThat(webServer).isNotEmpty().allMatch(phase -> phase > workers);
        assertThat(context.getBean(EndpointRegistry.class).isRunning()).isTrue();
    }

    private void awaitHandled(String entry) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!refunds.handled.contains(entry) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(refunds.handled).contains(entry);
    }
}
