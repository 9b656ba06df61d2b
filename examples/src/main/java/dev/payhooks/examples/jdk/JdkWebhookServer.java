package dev.payhooks.examples.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Receiving Stripe webhooks with nothing but the JDK's {@code com.sun.net.httpserver}: read the raw
 * body (bounded), hand bytes, headers and query to the receiver, copy its answer back.
 *
 * <pre>
 * STRIPE_WEBHOOK_SECRET=whsec_... java -cp ... dev.payhooks.examples.jdk.JdkWebhookServer
 * </pre>
 */
public final class JdkWebhookServer {

    private JdkWebhookServer() {
    }

    /**
     * Runs the example on port 4242 until the process ends.
     *
     * @param args unused
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        String secret = Objects.requireNonNull(System.getenv("STRIPE_WEBHOOK_SECRET"),
                "set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...)");
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(secret))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .on("refund.failed", event -> System.out.println("refund failed: " + event.data(RefundView.class).id()))
                .otherwise(event -> System.out.println("ignored " + event.type() + " " + event.id()))
                .build();
        HttpServer server = start(new InetSocketAddress("127.0.0.1", 4242), "/webhooks/stripe", receiver);
        System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe");
    }

    /**
     * Starts a server answering {@code path} with the receiver.
     *
     * @param address where to listen (port 0 for any free one)
     * @param path the webhook path
     * @param receiver the receiver
     * @return the started server; {@code stop(0)} it when done
     * @throws IOException when the address cannot be bound
     */
    public static HttpServer start(InetSocketAddress address, String path, WebhookReceiver receiver) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext(path, exchange -> handle(exchange, receiver));
        server.start();
        return server;
    }

    /**
     * Answers one exchange with the receiver.
     *
     * @param exchange the exchange
     * @param receiver the receiver
     * @throws IOException when the connection fails
     */
    public static void handle(HttpExchange exchange, WebhookReceiver receiver) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // Read at most limit + 1 bytes, so an oversized body is detected without buffering it whole.
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            WebhookRequest.Builder request = WebhookRequest.builder().body(body).path(exchange.getRequestURI().getPath());
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    request.queryParameter(URLDecoder.decode(name, StandardCharsets.UTF_8),
                            URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
            WebhookResponse response = receiver.receive(request.build());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }
}
