package dev.payhooks.cli.internal;

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

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Embedded Jetty serving one or more receivers through the library's {@link WebhookFilter}, each
 * mapped to its own path, exactly as a merchant's servlet application would. Any other path is
 * answered 404 by a terminal servlet.
 */
public final class LocalServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private LocalServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts a server.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port; 0 for an ephemeral one
     * @param receivers paths (e.g. {@code /webhooks}) to receivers
     * @return the started server
     * @throws IllegalStateException when the port cannot be bound
     */
    public static LocalServer start(String host, int port, Map<String, WebhookReceiver> receivers) {
        Objects.requireNonNull(host, "host");
        Server server = new Server();
        server.setStopAtShutdown(true);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        new LinkedHashMap<>(receivers).forEach((path, receiver) -> {
            // Async support: bodies are read without holding a thread per slow sender.
            FilterHolder filter = new FilterHolder(WebhookFilter.of(receiver));
            filter.setAsyncSupported(true);
            context.addFilter(filter, path, EnumSet.of(DispatcherType.REQUEST));
        });
        context.addServlet(new ServletHolder(new NotFound()), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("could not listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port, or 0 for any free one", e);
        }
        return new LocalServer(server, connector);
    }

    /**
     * The bound port (useful after asking for port 0).
     *
     * @return the port
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:4242}.
     *
     * @return the URL without a trailing slash
     */
    public String baseUrl() {
        String host = connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * Blocks until the server stops (Ctrl-C, or {@link #close()} from another thread).
     *
     * @throws InterruptedException when this thread is interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the process is ending or the test is done with it.

        }
    }

    /** The end of the chain for every path no filter answered. */
    private static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(404);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("no webhook endpoint here\n");
        }
    }
}
