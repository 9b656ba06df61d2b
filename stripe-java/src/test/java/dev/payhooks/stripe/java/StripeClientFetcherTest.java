package dev.payhooks.stripe.java;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.StripeObject;
import com.stripe.model.billing.Meter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.stripe.StripeEvents;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.stripe.StripeRelatedObject;
import dev.payhooks.stripe.StripeWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The thin-event fetcher against a loopback HTTP server that answers like Stripe's API (the
 * recorded {@code billing.meter} of stripe/openapi, Stripe's error objects), with stripe-java's
 * {@code StripeClient} pointed at it through its API-base option. Never the real Stripe.
 */
class StripeClientFetcherTest {

    private static final String API_KEY = "sk_test_loopbackOnly4eC39HqLyjWDarjtT1zdp7dc";
    private static final String METER_ID = "mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU";
    private static final String METER_PATH = "/v1/billing/meters/" + METER_ID;

    /** One request as the server saw it. */
    record Seen(String method, String path, String query, String authorization, String stripeAccount) {
    }

    /** How the server answers. */
    private volatile Answer answer = Answer.RECORDED;
    private volatile int errorStatus;
    private volatile String errorType;
    private volatile String errorCode;

    enum Answer { RECORDED, ERROR, NEVER, NOT_JSON }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private StripeClient client;

    @BeforeEach
    void startStripeLookalike() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        client = StripeClient.builder().setApiKey(API_KEY)
                .setApiBase("http://127.0.0.1:" + server.getAddress().getPort()).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Stripe-Account")));
        exchange.getResponseHeaders().set("Request-Id", "req_loopback" + seen.size());
        switch (answer) {
            case RECORDED -> {
                String path = exchange.getRequestURI().getRawPath();
                String id = path.substring(path.lastIndexOf('/') + 1);
                String recorded = new String(Deliveries.resource("openapi/billing.meter.json"), StandardCharsets.UTF_8);
                respond(exchange, 200, recorded.replace("\"id\": \"meter_123\"", "\"id\": \"" + id + "\""));
            }
            case ERROR -> respond(exchange, errorStatus, "{\"error\":{\"type\":\"" + errorType + "\",\"code\":\""
                    + errorCode + "\",\"message\":\"loopback " + errorCode + "\"}}");
            case NEVER -> {
                try {
                    release.await(30, TimeUnit.SECONDS); // until the test ends; the client's read timeout fires first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
            case NOT_JSON -> respond(exchange, 200, "<html>proxy says hello</html>");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Event thinFixture() {
        return Deliveries.received(Deliveries.resource("stripe-events/thin.v1.billing.meter.error_report_triggered.json"));
    }

    private void answerError(int status, String type, String code) {
        answer = Answer.ERROR;
        errorStatus = status;
        errorType = type;
        errorCode = code;
    }

    @Test
    void fetchesTheThinFixturesMeterInTheEventsAccount() {
        Meter meter = StripeClientFetcher.of(client).fetchRelatedObject(thinFixture(), Meter.class).orElseThrow();

        assertThat(meter.getId()).isEqualTo(METER_ID);
        assertThat(meter.getDisplayName()).isEqualTo("test-meter");
        assertThat(meter.getDefaultAggregation().getFormula()).isEqualTo("sum");
        // The event's context is the Connect account, sent as stripe-java's own v2 Event does.
        assertThat(seen).containsExactly(new Seen("GET", METER_PATH, null, "Bearer " + API_KEY, "acct_1Nv0FGQ9RKHgCVdK"));
    }

    @Test
    void isTheStripeModulesRelatedObjectFetcherTypedOrNot() {
        StripeClientFetcher fetcher = StripeClientFetcher.of(client);
        Event event = thinFixture();

        Meter typed = StripeEvents.fetchRelatedObject(event, fetcher.as(Meter.class)).orElseThrow();
        StripeObject untyped = StripeEvents.fetchRelatedObject(event, fetcher).orElseThrow();

        assertThat(typed.getId()).isEqualTo(METER_ID);
        assertThat(untyped).isInstanceOf(Meter.class).isEqualTo(typed);
        // The plain RelatedObjectFetcher sees the related object only: no stripe_context in it, no account header.
        assertThat(seen).extracting(Seen::stripeAccount).containsExactly(null, null);
    }

    @Test
    void aSnapshotEventHasNoRelatedObjectAndNothingIsRequested() {
        Event snapshot = Deliveries.received(Deliveries.resource("stripe-events/refund.created.json"));

        assertThat(StripeClientFetcher.of(client).fetchRelatedObject(snapshot, Meter.class)).isEmpty();
        assertThat(seen).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "500, api_error, internal",
            "502, api_error, bad_gateway",
            "503, api_error, unavailable",
            "429, invalid_request_error, rate_limit",
            "409, invalid_request_error, lock_timeout"})
    void stripeAnsweringThatItCannotServeNowIsUnavailable(int status, String type, String code) {
        answerError(status, type, code);

        assertThatThrownBy(() -> StripeClientFetcher.of(client).fetchRelatedObject(thinFixture(), Meter.class))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("billing.meter " + METER_ID)
                .hasMessageContaining("status " + status)
                .hasMessageContaining("request req_loopback1")
                .hasMessageNotContaining(API_KEY);
        assertThat(seen).hasSize(1);
    }

    @Test
    void stripeUnreachableIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StripeClient nowhere = StripeClient.builder().setApiKey(API_KEY).setApiBase("http://127.0.0.1:" + closedPort).build();

        assertThatThrownBy(() -> StripeClientFetcher.of(nowhere).fetchRelatedObject(thinFixture(), Meter.class))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("could not serve the billing.meter " + METER_ID)
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void throughTheReceiverStripeDownIs503AndTheRedeliveryFetchesTheMeter() {
        List<String> meters = new CopyOnWriteArrayList<>();
        StripeClientFetcher fetcher = StripeClientFetcher.of(client);
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(Deliveries.SECRET))
                .clock(Clock.fixed(Deliveries.NOW, ZoneOffset.UTC))
                .idempotencyStore(IdempotencyStore.inMemory())
                .on("v1.billing.meter.error_report_triggered",
                        event -> fetcher.fetchRelatedObject(event, Meter.class).map(Meter::getId).ifPresent(meters::add))
                .build();
        byte[] body = Deliveries.resource("stripe-events/thin.v1.billing.meter.error_report_triggered.json");
        String header = Deliveries.header(Deliveries.SECRET, Deliveries.NOW.getEpochSecond(), body);

        answerError(503, "api_error", "unavailable");
        WebhookResponse whileDown = receiver.receive(Deliveries.request(body, header));
        answer = Answer.RECORDED;
        WebhookResponse redelivery = receiver.receive(Deliveries.request(body, header));

        assertThat(whileDown.status()).isEqualTo(503);
        assertThat(whileDown.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(whileDown.headers()).containsKey("Retry-After");
        assertThat(redelivery.status()).isEqualTo(200);
        assertThat(redelivery.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(meters).containsExactly(METER_ID);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aStripeThatDoesNotAnswerInTimeIsUnavailable() {
        answer = Answer.NEVER;
        StripeClientFetcher fetcher = StripeClientFetcher.builder(client).readTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> fetcher.fetchRelatedObject(thinFixture(), Meter.class))
                .isInstanceOf(WebhookUnavailableException.class);
        assertThat(seen).hasSize(1); // no in-request retry by default
    }

    @Test
    void anAnswerThatIsNotStripesIsUnavailable() {
        answer = Answer.NOT_JSON;

        assertThatThrownBy(() -> StripeClientFetcher.of(client).fetchRelatedObject(thinFixture(), Meter.class))
                .isInstanceOf(WebhookUnavailableException.class).hasMessageContaining("could not be read");
    }

    @ParameterizedTest
    @CsvSource({
            "401, invalid_request_error, api_key_invalid, check the API key",
            "403, invalid_request_error, secret_key_required, read access",
            "404, invalid_request_error, resource_missing, account of the event"})
    void stripeRefusingTheRequestSaysWhatToFix(int status, String type, String code, String fix) {
        answerError(status, type, code);

        assertThatThrownBy(() -> StripeClientFetcher.of(client).fetchRelatedObject(thinFixture(), Meter.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the billing.meter " + METER_ID)
                .hasMessageContaining("status " + status)
                .hasMessageContaining("code " + code)
                .hasMessageContaining(fix)
                .hasMessageNotContaining(API_KEY)
                .hasCauseInstanceOf(com.stripe.exception.StripeException.class);
    }

    @Test
    void askingForAnotherClassThanTheRelatedTypeFailsBeforeAnyRequest() {
        assertThatThrownBy(() -> StripeClientFetcher.of(client).fetchRelatedObject(thinFixture(), Customer.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Meter.class.getName()).hasMessageContaining("fetch it as Meter");
        assertThat(seen).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://attacker.example/v1/billing/meters/mtr_1",
            "//attacker.example/v1/billing/meters/mtr_1",
            "@attacker.example/v1/billing/meters/mtr_1",
            "/v1/billing/meters/mtr_1@attacker.example",
            "/v1/../../v1/billing/meters/mtr_1",
            "/v1/billing/meters/mtr_1?expand[]=customer",
            "/v1/billing/meters/mtr_1#x",
            "/v3/billing/meters/mtr_1",
            "/v1/billing/meters/mtr%2F1",
            "/v1/billing/meters/mtr_1/",
            "v1/billing/meters/mtr_1",
            ""})
    void urlsThatAreNotStripeApiPathsAreNeverRequested(String url) {
        StripeRelatedObject related = new StripeRelatedObject("mtr_1", "billing.meter", url, null);

        assertThatThrownBy(() -> StripeClientFetcher.of(client).fetch(related))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
        assertThat(seen).isEmpty();
    }

    @Test
    void theRelatedObjectsOwnStripeContextIsTheAccount() {
        StripeRelatedObject related = new StripeRelatedObject(METER_ID, "billing.meter", METER_PATH, "acct_related");

        assertThat(StripeClientFetcher.of(client).as(Meter.class).fetch(related).getId()).isEqualTo(METER_ID);
        assertThat(seen).extracting(Seen::stripeAccount).containsExactly("acct_related");
    }

    @Test
    void settingsAreValidated() {
        StripeClientFetcher.Builder builder = StripeClientFetcher.builder(client);

        assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 ms and 1 minute");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxNetworkRetries(6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.maxNetworkRetries(1).connectTimeout(Duration.ofSeconds(1)).build().toString())
                .contains("maxNetworkRetries=1").contains("PT1S").doesNotContain(API_KEY);
    }
}
