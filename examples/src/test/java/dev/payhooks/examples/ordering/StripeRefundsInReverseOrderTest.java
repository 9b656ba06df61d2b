package dev.payhooks.examples.ordering;

import dev.payhooks.Ordering;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.examples.Http;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refund sequence of the Odus gateway's Stripe setup document ("Setting up Webhooks":
 * {@code refund.created}, {@code refund.updated}, {@code refund.failed}, and "Webhook events are
 * not guaranteed to arrive in chronological order"), delivered in reverse order over real HTTP
 * through the servlet filter on Jetty: the failure is recorded and the two older events, arriving
 * later, are acknowledged with 200 and never overwrite it.
 */
class StripeRefundsInReverseOrderTest {

    private static final String SECRET = "whsec_ordering_example_7d1e";
    private static final String REFUND = "re_3QodusReverse0rder1";

    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final List<WebhookResponse> answers = new CopyOnWriteArrayList<>();
    private Server server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory())
                .ordering(Ordering.inMemory())
                .on("refund.*", event -> statuses.add(event.data(RefundView.class).status()))
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        answers.add(response);
                    }
                })
                .build();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder webhooks = new FilterHolder(WebhookFilter.of(receiver));
        webhooks.setAsyncSupported(true);
        context.addFilter(webhooks, "/webhooks/stripe", java.util.EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/webhooks/stripe";
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** A snapshot refund event, shaped after docs.stripe.com/api/events/object and /api/refunds/object. */
    private static byte[] refundEvent(String id, String type, long created, String status) {
        return ("{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":" + created + ","
                + "\"data\":{\"object\":{\"id\":\"" + REFUND + "\",\"object\":\"refund\",\"amount\":2500,\"currency\":\"usd\","
                + "\"charge\":\"ch_3QodusReverse0rder1\",\"created\":1737400799,\"status\":\"" + status + "\"}},"
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},"
                + "\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> deliver(byte[] body) {
        Instant now = Instant.now();
        return Http.post(url, body, StripeWebhooks.signer(SECRET).headers(body, now));
    }

    @Test
    void olderRefundEventsArrivingLateNeverOverwriteTheFailure() {
        byte[] created = refundEvent("evt_odus_1", "refund.created", 1_737_400_800L, "pending");
        byte[] updated = refundEvent("evt_odus_2", "refund.updated", 1_737_401_400L, "pending");
        byte[] failed = refundEvent("evt_odus_3", "refund.failed", 1_737_487_200L, "failed");

        HttpResponse<String> first = deliver(failed);
        HttpResponse<String> second = deliver(updated);
        HttpResponse<String> third = deliver(created);

        assertThat(List.of(first.statusCode(), second.statusCode(), third.statusCode())).containsOnly(200);
        assertThat(answers).extracting(WebhookResponse::outcome)
                .containsExactly(Outcome.HANDLED, Outcome.STALE, Outcome.STALE);
        assertThat(answers.get(1).detail()).hasValueSatisfying(d -> assertThat(d).contains("evt_odus_3").contains(REFUND));
        assertThat(statuses).as("the handler saw only the failure").containsExactly("failed");
    }

    @Test
    void withoutTheGuardTheLastArrivalWins() throws Exception {
        server.stop();
        WebhookReceiver unguarded = WebhookReceiver.builder().source(StripeWebhooks.source(SECRET))
                .on("refund.*", event -> statuses.add(event.data(RefundView.class).status())).build();
        for (byte[] body : List.of(refundEvent("evt_odus_3", "refund.failed", 1_737_487_200L, "failed"),
                refundEvent("evt_odus_2", "refund.updated", 1_737_401_400L, "pending"))) {
            dev.payhooks.WebhookRequest.Builder request = dev.payhooks.WebhookRequest.builder().body(body);
            StripeWebhooks.signer(SECRET).headers(body, Instant.now()).forEach(request::header);
            unguarded.receive(request.build());
        }

        assertThat(statuses).as("the pending update overwrote the failure").containsExactly("failed", "pending");
    }
}
