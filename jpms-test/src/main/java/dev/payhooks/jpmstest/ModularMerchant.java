package dev.payhooks.jpmstest;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.hmac.HmacPresets;
import dev.payhooks.jpmstest.orders.OrderPaid;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application under test: a Stripe receiver whose handler binds {@link RefundView} (opened by
 * payhooks-stripe to Jackson), a Standard Webhooks receiver whose handler binds the merchant's own
 * {@link OrderPaid} (opened by this module), and both behind {@link WebhookFilter} in embedded Jetty:
 * the Stripe one with the defaults, the Standard Webhooks one configured through the options its
 * builder inherits from core's {@code dev.payhooks.spi.HttpAdapterBuilder} (body limit, content
 * types, read deadline).
 */
public final class ModularMerchant {

    /** The path of the Stripe endpoint. */
    public static final String STRIPE_PATH = "/webhooks/stripe";
    /** The path of the Standard Webhooks endpoint. */
    public static final String STANDARD_WEBHOOKS_PATH = "/webhooks/standard";
    /** The body limit of the Standard Webhooks endpoint: larger bodies are answered 413. */
    public static final int STANDARD_WEBHOOKS_MAX_BODY_BYTES = 2048;

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final WebhookReceiver stripe;
    private final WebhookReceiver standardWebhooks;
    private Server server;

    /**
     * Builds both receivers.
     *
     * @param clock the receivers' clock
     */
    public ModularMerchant(Clock clock) {
        stripe = WebhookReceiver.builder()
                .source(StripeWebhooks.source(Deliveries.STRIPE_SECRET))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(1)))
                .clock(clock)
                .on("refund.failed", event -> {
                    RefundView refund = event.data(RefundView.class);
                    handled.add("refund " + refund.id() + " " + refund.failureReason());
                })
                .build();
        standardWebhooks = WebhookReceiver.builder()
                .source(HmacPresets.standardWebhooks().source(Deliveries.STANDARD_WEBHOOKS_SECRET))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(1)))
                .clock(clock)
                .on("order.paid", event -> {
                    OrderPaid order = event.data(OrderPaid.class);
                    handled.add("order " + order.orderId() + " " + order.amount());
                })
                .build();
    }

    /**
     * The Stripe receiver.
     *
     * @return the receiver
     */
    public WebhookReceiver stripe() {
        return stripe;
    }

    /**
     * The Standard Webhooks receiver.
     *
     * @return the receiver
     */
    public WebhookReceiver standardWebhooks() {
        return standardWebhooks;
    }

    /**
     * What the handlers did, in order.
     *
     * @return one line per handled event
     */
    public List<String> handled() {
        return List.copyOf(handled);
    }

    /**
     * Serves both receivers through {@link WebhookFilter} in Jetty on a free local port.
     *
     * @return the server's base URI
     * @throws Exception when Jetty does not start
     */
    public URI start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(WebhookFilter.of(stripe)), STRIPE_PATH, EnumSet.of(DispatcherType.REQUEST));
        // The options every adapter's builder inherits from core, called from this module: the
        // methods are declared in an exported core package, so they link on the module path.
        WebhookFilter standardWebhooksFilter = WebhookFilter.builder(standardWebhooks)
                .maxBodyBytes(STANDARD_WEBHOOKS_MAX_BODY_BYTES)
                .acceptContentTypes("application/json")
                .readTimeout(Duration.ofSeconds(30))
                .build();
        context.addFilter(new FilterHolder(standardWebhooksFilter), STANDARD_WEBHOOKS_PATH, EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Stops Jetty if it was started.
     *
     * @throws Exception when Jetty does not stop
     */
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
