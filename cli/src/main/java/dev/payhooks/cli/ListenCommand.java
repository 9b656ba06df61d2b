package dev.payhooks.cli;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.cli.internal.DeliveryLine;
import dev.payhooks.cli.internal.LocalServer;
import dev.payhooks.cli.internal.Providers;
import dev.payhooks.cli.internal.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code payhooks listen}: a local receiver on embedded Jetty, through the library's servlet
 * filter, printing one line per delivery until interrupted.
 */
@Command(name = "listen",
        description = {"Receive webhooks locally and print one line per delivery.",
                "Serves through the servlet filter on embedded Jetty until interrupted (Ctrl-C)."},
        exitCodeList = {"0:stopped", "2:usage or configuration error (a secret the scheme rejects, a port in use, an unreachable database)"})
final class ListenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.ProviderAndSecrets provider;

    @Option(names = "--port", defaultValue = "4242", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address to bind (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--path", defaultValue = "/webhooks", description = "The webhook path (default: ${DEFAULT-VALUE}).")
    private String path;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = {"Deduplicate in this PostgreSQL or H2 database (table created if missing), e.g.",
                    "jdbc:postgresql://localhost/app?user=app&password=secret; default: in memory."})
    private String jdbcUrl;

    @Mixin
    private Options.ToleranceWindow tolerance;

    @Option(names = "--json", description = "Print each delivery as one JSON object per line.")
    private boolean json;

    private final Consumer<LocalServer> onStarted;

    /** For picocli: listens until the process is interrupted. */
    ListenCommand() {
        this(server -> { });
    }

    /**
     * For tests: {@code onStarted} receives the running server (its port; closing it ends the command).
     *
     * @param onStarted called once the server listens
     */
    ListenCommand(Consumer<LocalServer> onStarted) {
        this.onStarted = onStarted;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!path.startsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("--path must start with / and name one path, e.g. /webhooks");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, was " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IdempotencyStore store = jdbcUrl == null ? Stores.inMemory() : Stores.jdbc(jdbcUrl);
        String name = provider.provider.name();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(Providers.source(provider.provider, provider.secrets, tolerance.window(), true))
                .idempotencyStore(store)
                // Every verified event is acknowledged and remembered, so redeliveries show as duplicates.
                .otherwise(event -> { })
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        String line = json ? DeliveryLine.json(name, response) : DeliveryLine.text(name, response);
                        synchronized (out) {
                            out.println(line);
                            out.flush();
                        }
                    }
                })
                .build();
        try (LocalServer server = LocalServer.start(host, port, Map.of(path, receiver))) {
            err.println("payhooks listening for " + name + " webhooks on " + server.baseUrl() + path
                    + " (store: " + (jdbcUrl == null ? "in memory" : "database") + "); Ctrl-C to stop");
            err.flush();
            onStarted.accept(server);
            server.join();
        }
        return PayhooksCommand.OK;
    }
}
