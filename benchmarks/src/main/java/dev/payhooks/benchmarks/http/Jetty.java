package dev.payhooks.benchmarks.http;

import dev.payhooks.WebhookReceiver;
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
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.EnumSet;

/** The embedded Jetty 12 every HTTP run serves from: loopback, an ephemeral port. */
public final class Jetty {

    /** Where deliveries are posted. */
    public static final String STRIPE_PATH = "/webhooks/stripe";

    private Jetty() {
    }

    /**
     * A server for a context, not started, with twice as many threads as clients (at least 16).
     *
     * @param context what it serves
     * @param clients how many clients will post at once
     * @return the server
     */
    public static Server server(ServletContextHandler context, int clients) {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, clients * 2));
        threads.setName("jetty");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        return server;
    }

    /** @return an empty root context */
    public static ServletContextHandler context() {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        return context;
    }

    /**
     * Serves {@link #STRIPE_PATH} with {@link WebhookFilter}, and behind it a servlet that answers
     * 500 (never reached: the filter answers every request itself; a 500 would show up as an error).
     *
     * @param context the context
     * @param receiver the filter's receiver
     */
    static void addFilter(ServletContextHandler context, WebhookReceiver receiver) {
        context.addFilter(new FilterHolder(WebhookFilter.of(receiver)), STRIPE_PATH, EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new UnreachableServlet()), STRIPE_PATH);
    }

    /** @return the port a started server listens on */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Behind the filter. */
    private static final class UnreachableServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(500);
        }
    }
}
