package dev.payhooks.benchmarks.http;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.benchmarks.http.LoadClients.Result;
import dev.payhooks.stripe.StripeWebhooks;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end HTTP run: embedded Jetty 12 on loopback, {@code N} concurrent clients
 * ({@code java.net.http.HttpClient}, HTTP/1.1 keep-alive) posting signed 4 KB Stripe
 * {@code payment_intent.succeeded} deliveries, each a distinct event, bounded in count and time.
 * It reports requests per second and p50/p99 latency for
 * <ol>
 *   <li>{@code floor}: a servlet that only reads the body and answers 200 (the HTTP floor);</li>
 *   <li>{@code memory}: {@code WebhookFilter} with the in-memory store and one handler;</li>
 *   <li>{@code postgres}: the same with the JDBC store on an embedded PostgreSQL (see
 *       {@link PostgresStore}).</li>
 * </ol>
 * Clients sign every delivery (javax.crypto, not payhooks) in every mode, so the client work is
 * the same everywhere and only the server side differs. Every mode runs once per round (default
 * 2) and the last round is reported. A mode fails if any answer is not 200 or
 * if the handler did not run exactly once per delivery.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.payhooks.benchmarks.http.HttpBenchmark \
 *      --clients=8 --requests=1000000 --seconds=15 --warmup-seconds=10 --rounds=2 --modes=floor,memory,postgres
 * </pre>
 */
public final class HttpBenchmark {

    private static final String SECRET = Deliveries.SECRET;
    private static final int BODY_SIZE = Deliveries.BODY_SIZE;

    private final Options options;
    private final Deliveries deliveries = new Deliveries(0);

    private HttpBenchmark(Options options) {
        this.options = options;
    }

    /**
     * Runs the modes given with {@code --modes} and prints one result line per mode.
     *
     * @param args {@code --clients=N --requests=N --seconds=S --warmup-seconds=S --rounds=R --modes=floor,memory,postgres}
     * @throws Exception when the server cannot start or a mode fails
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        new HttpBenchmark(options).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "payhooks end-to-end HTTP run: %d clients, at most %d requests or %d s per mode"
                        + " after %d s warm-up, %d-byte bodies; JDK %s, %d CPUs%n",
                options.clients, options.requests, options.seconds, options.warmupSeconds, BODY_SIZE,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        // Every mode runs once per round; the table shows the last round, when the JIT has compiled
        // the client and server paths of every mode alike.
        List<Named> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds; round++) {
            System.out.println("round " + round + " of " + options.rounds);
            results.clear();
            for (String mode : options.modes) {
                results.add(runMode(mode));
            }
        }
        Named floor = results.stream().filter(r -> r.mode.equals("floor")).findFirst().orElse(null);
        System.out.println();
        System.out.println("| mode | requests | req/s | p50 (us) | p99 (us) | time per request vs floor |");
        System.out.println("|---|---|---|---|---|---|");
        for (Named named : results) {
            Result r = named.result;
            String ratio = floor == null ? "-"
                    : String.format(Locale.ROOT, "%+.1f%%", (floor.result.perSecond() / r.perSecond() - 1) * 100);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %s |%n", named.mode, r.count(),
                    r.perSecond(), r.percentileMicros(50), r.percentileMicros(99), ratio);
        }
    }

    private Named runMode(String mode) throws Exception {
        AtomicLong handled = new AtomicLong();
        try (Target target = target(mode, handled)) {
            Server server = server(target);
            server.start();
            try {
                URI uri = URI.create("http://127.0.0.1:" + Jetty.port(server) + Jetty.STRIPE_PATH);
                HttpClient client = LoadClients.client();
                LoadClients.run(client, uri, deliveries, options.clients, Duration.ofSeconds(options.warmupSeconds),
                        Integer.MAX_VALUE);
                long handledBefore = handled.get();
                Result result = LoadClients.run(client, uri, deliveries, options.clients,
                        Duration.ofSeconds(options.seconds), options.requests);
                if (result.errors() > 0) {
                    throw new IllegalStateException(mode + ": " + result.errors() + " answers were not 200");
                }
                long handledNow = handled.get() - handledBefore;
                if (target.counts && handledNow != result.count()) {
                    throw new IllegalStateException(mode + ": the handler ran " + handledNow + " times for "
                            + result.count() + " deliveries");
                }
                System.out.printf(Locale.ROOT, "%-8s %7d requests in %6.2f s: %8.0f req/s, p50 %6.0f us, p99 %6.0f us%n",
                        mode, result.count(), result.nanos() / 1e9, result.perSecond(), result.percentileMicros(50),
                        result.percentileMicros(99));
                return new Named(mode, result);
            } finally {
                server.stop();
            }
        }
    }

    private Target target(String mode, AtomicLong handled) throws Exception {
        switch (mode) {
            case "floor":
                return new Target(new ServletHolder(new FloorServlet()), null, false, () -> { });
            case "memory":
                return new Target(null, receiver(IdempotencyStore.inMemory(), handled), true, () -> { });
            case "postgres":
                PostgresStore postgres = PostgresStore.start(options.clients + 2);
                return new Target(null, receiver(postgres.store(), handled), true, postgres::close);
            default:
                throw new IllegalArgumentException("unknown mode '" + mode + "'; use floor, memory or postgres");
        }
    }

    private static WebhookReceiver receiver(IdempotencyStore store, AtomicLong handled) {
        return WebhookReceiver.builder()
                .source(StripeWebhooks.source(SECRET))
                .idempotencyStore(store)
                .on("payment_intent.succeeded", event -> handled.incrementAndGet())
                .build();
    }

    private Server server(Target target) {
        ServletContextHandler context = Jetty.context();
        if (target.floor != null) {
            context.addServlet(target.floor, Jetty.STRIPE_PATH);
        } else {
            Jetty.addFilter(context, target.receiver);
        }
        return Jetty.server(context, options.clients);
    }

    /** What one mode serves. */
    private static final class Target implements AutoCloseable {
        final ServletHolder floor;
        final WebhookReceiver receiver;
        final boolean counts;
        final Closer closer;

        Target(ServletHolder floor, WebhookReceiver receiver, boolean counts, Closer closer) {
            this.floor = floor;
            this.receiver = receiver;
            this.counts = counts;
            this.closer = closer;
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    /** Releases what a mode started. */
    @FunctionalInterface
    private interface Closer {
        void close() throws IOException;
    }

    /** The HTTP floor: read the whole body, answer 200 with the same short body payhooks sends. */
    private static final class FloorServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = request.getInputStream().readAllBytes();
            if (body.length == 0) {
                response.setStatus(400);
                return;
            }
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.setContentType("text/plain; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(answer.length);
            response.getOutputStream().write(answer);
        }
    }

    /** One mode's figures. */
    private record Named(String mode, Result result) {
    }

    /** Command-line options. */
    private static final class Options {
        int clients = 8;
        int requests = 1_000_000;
        int seconds = 15;
        int warmupSeconds = 10;
        int rounds = 2;
        List<String> modes = List.of("floor", "memory", "postgres");

        static Options parse(String[] args) {
            Map<String, String> values = RunSupport.options(args);
            Options options = new Options();
            options.clients = RunSupport.positive(values.remove("clients"), options.clients, "clients");
            options.requests = RunSupport.positive(values.remove("requests"), options.requests, "requests");
            options.seconds = RunSupport.positive(values.remove("seconds"), options.seconds, "seconds");
            options.warmupSeconds = RunSupport.positive(values.remove("warmup-seconds"), options.warmupSeconds,
                    "warmup-seconds");
            options.rounds = RunSupport.positive(values.remove("rounds"), options.rounds, "rounds");
            String modes = values.remove("modes");
            if (modes != null) {
                options.modes = List.of(modes.split(","));
            }
            RunSupport.noneLeft(values, "clients, requests, seconds, warmup-seconds, rounds, modes");
            return options;
        }
    }
}
