package dev.payhooks.examples.jetty;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.omise.ChargeView;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.servlet.WebhookFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Receiving Omise webhooks on embedded Jetty 12 through {@link WebhookFilter}: the filter reads the
 * raw body and answers; the rest of the application is untouched.
 *
 * <pre>
 * OMISE_WEBHOOK_SECRET=... java -cp ... dev.payhooks.examples.jetty.JettyWebhookServer
 * </pre>
 */
public final class JettyWebhookServer {

    private JettyWebhookServer() {
    }

    /**
     * Runs the example on port 4242 until the process ends.
     *
     * @param args unused
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        String secret = Objects.requireNonNull(System.getenv("OMISE_WEBHOOK_SECRET"),
                "set OMISE_WEBHOOK_SECRET to the base64 webhook secret from the Omise dashboard");
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(OmiseWebhooks.source(secret))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .on("charge.complete", event -> System.out.println("charge complete: " + ChargeView.of(event).id()))
                .build();
        Server server = start(4242, receiver);
        server.join();
    }

    /**
     * Starts Jetty on loopback with the filter on {@code /webhooks/omise} and an application servlet
     * everywhere else.
     *
     * @param port the port; 0 for any free one
     * @param receiver the receiver
     * @return the started server; read the port from its connector, {@code stop()} it when done
     * @throws Exception when Jetty cannot start
     */
    public static Server start(int port, WebhookReceiver receiver) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // Map the filter to the webhook URL only, before anything that reads the body. Async
        // support lets it read bodies without holding a thread per slow sender.
        FilterHolder webhooks = new FilterHolder(WebhookFilter.of(receiver));
        webhooks.setAsyncSupported(true);
        context.addFilter(webhooks, "/webhooks/omise", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ApplicationServlet()), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    /**
     * The bound port of a started server.
     *
     * @param server the server
     * @return the port
     */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stands for the rest of the merchant's application. */
    private static final class ApplicationServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("the shop\n");
        }
    }
}
