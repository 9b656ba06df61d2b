package dev.payhooks.benchmarks.http;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.benchmarks.Signing;
import dev.payhooks.benchmarks.http.LoadClients.Result;
import dev.payhooks.jdbc.JdbcTransactions;
import dev.payhooks.stripe.StripeWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * payhooks against the webhook endpoint merchants write by hand today, end to end over HTTP, on
 * the same embedded Jetty 12, the same embedded PostgreSQL 17 (synchronous commits on) and the
 * same HikariCP pool size, in one run:
 * <ul>
 *   <li>{@code payhooks}: {@code WebhookFilter} with {@code JdbcIdempotencyStore} on the pool and
 *       one handler running {@value #UPDATE} through the same pool;</li>
 *   <li>{@code payhooks-tx}: the same, but the handler is a {@code JdbcTransactions.handler}: its
 *       {@code UPDATE} and the record that the event is done commit in one transaction (the
 *       store's transactional dispatch: no separate claim and completion);</li>
 *   <li>{@code reference}: a plain servlet (what a Spring MVC controller taking
 *       {@code @RequestBody String} does, without Spring's dispatch) reading the body as a String,
 *       stripe-java's {@code Webhook.constructEvent}, {@value #INSERT} and, when a row was
 *       inserted, the same {@code UPDATE}, each statement committing on its own (autocommit).</li>
 * </ul>
 * Clients post signed, pretty-printed 4 KB Stripe events, each a distinct event whose id names an
 * order row. For each client count every mode runs once per round, in alternating order; every
 * round is printed, then the median of the rounds. Before each mode's round the tables are
 * emptied, the order rows created and a checkpoint taken. Each mode must reject a tampered body, a
 * delivery signed with another secret and a stale one (4xx), answer 200 to every delivery, and
 * have run the {@code UPDATE} exactly once per delivery (checked in the table after each round),
 * or the run fails.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.payhooks.benchmarks.http.MerchantComparison \
 *      --clients=1,16,64 --pool=16 --seconds=8 --warmup-seconds=4 --rounds=3   # about 7 minutes
 * </pre>
 */
public final class MerchantComparison {

    /** The handler's one write, the same in both modes. {@code paid_count} proves it ran once. */
    static final String UPDATE = "UPDATE orders SET status = 'paid', paid_count = paid_count + 1 WHERE id = ?";
    /** The hand-written endpoint's de-duplication. */
    static final String INSERT = "INSERT INTO processed_events (id) VALUES (?) ON CONFLICT DO NOTHING";
    /** The order rows made per second of run: a bound on the request rate, far above this machine's. */
    private static final int MAX_RATE = 20_000;
    private static final long TOLERANCE_SECONDS = 300;

    private final Options options;
    private final Deliveries deliveries = new Deliveries(0);

    private MerchantComparison(Options options) {
        this.options = options;
    }

    /**
     * Runs the comparison and prints every round and the medians.
     *
     * @param args {@code --clients=1,16,64 --pool=N --seconds=S --warmup-seconds=S --rounds=R --requests=N
     *             --modes=reference,payhooks,payhooks-tx}
     * @throws Exception when the server cannot start or a mode fails its checks
     */
    public static void main(String[] args) throws Exception {
        new MerchantComparison(Options.parse(args)).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "payhooks vs hand-written endpoint over HTTP: modes %s, clients %s, pool %d, %d s"
                        + " warm-up, at most %d s or %d requests measured, %d rounds, %d-byte bodies; JDK %s, %d CPUs;"
                        + " load average %s%n", options.modes, options.clients, options.pool, options.warmupSeconds, options.seconds,
                options.requests, options.rounds, Deliveries.BODY_SIZE, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), RunSupport.loadAverage());
        Map<String, List<Result>> results = new LinkedHashMap<>();
        try (EmbeddedPostgres postgres = PostgresStore.startServer()) {
            DataSource admin = postgres.getPostgresDatabase();
            RunSupport.execute(admin, "CREATE TABLE orders (id BIGINT PRIMARY KEY, status TEXT NOT NULL,"
                            + " paid_count INT NOT NULL DEFAULT 0)",
                    "CREATE TABLE processed_events (id TEXT PRIMARY KEY)");
            for (int clients : options.clients) {
                for (int round = 1; round <= options.rounds; round++) {
                    // Each round starts with another mode, so that no mode always runs first (or last).
                    List<String> order = new ArrayList<>(options.modes);
                    Collections.rotate(order, round - 1);
                    for (String mode : order) {
                        Result result = runMode(postgres, admin, mode, clients);
                        results.computeIfAbsent(mode + "@" + clients, k -> new ArrayList<>()).add(result);
                        System.out.printf(Locale.ROOT, "clients %2d round %d %-9s %7d requests in %5.2f s: %6.0f req/s,"
                                        + " p50 %6.0f us, p99 %7.0f us; load average %s%n", clients, round, mode,
                                result.count(), result.nanos() / 1e9, result.perSecond(), result.percentileMicros(50),
                                result.percentileMicros(99), RunSupport.loadAverage());
                    }
                }
            }
        }
        summary(results);
    }

    private void summary(Map<String, List<Result>> results) {
        System.out.println();
        System.out.println("Median of " + options.rounds + " rounds (lowest-highest):");
        System.out.println("| clients | mode | req/s | p50 (us) | p99 (us) | throughput vs reference | p99 vs reference |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (int clients : options.clients) {
            List<Result> reference = results.get("reference@" + clients);
            for (String mode : options.modes) {
                List<Result> rounds = results.get(mode + "@" + clients);
                double[] rate = rounds.stream().mapToDouble(Result::perSecond).toArray();
                double[] p50 = rounds.stream().mapToDouble(r -> r.percentileMicros(50)).toArray();
                double[] p99 = rounds.stream().mapToDouble(r -> r.percentileMicros(99)).toArray();
                double[] rateRatio = new double[rounds.size()];
                double[] p99Ratio = new double[rounds.size()];
                for (int i = 0; i < rounds.size(); i++) {
                    // Same round, modes run back to back: the ratio of a pair is less noisy than of medians.
                    rateRatio[i] = rounds.get(i).perSecond() / reference.get(i).perSecond();
                    p99Ratio[i] = rounds.get(i).percentileMicros(99) / reference.get(i).percentileMicros(99);
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %sx | %sx |%n", clients, mode,
                        RunSupport.spread(rate, "%.0f"), RunSupport.spread(p50, "%.0f"), RunSupport.spread(p99, "%.0f"),
                        RunSupport.spread(rateRatio, "%.2f"), RunSupport.spread(p99Ratio, "%.2f"));
            }
        }
    }

    /** One mode, one client count, one round: fresh tables and pool, self-check, warm-up, measurement, check. */
    private Result runMode(EmbeddedPostgres postgres, DataSource admin, String mode, int clients) throws Exception {
        int warmupRequests = Math.min(options.requests, options.warmupSeconds * MAX_RATE);
        int measuredRequests = Math.min(options.requests, options.seconds * MAX_RATE);
        try (HikariDataSource pool = PostgresStore.pool(postgres, options.pool)) {
            ServletContextHandler context = Jetty.context();
            if (mode.equals("payhooks")) {
                WebhookReceiver receiver = WebhookReceiver.builder()
                        .source(StripeWebhooks.source(Deliveries.SECRET))
                        .idempotencyStore(JdbcStores.create(pool))
                        .on("payment_intent.succeeded", event -> markPaid(pool, Deliveries.sequenceOf(event.id())))
                        .build();
                Jetty.addFilter(context, receiver);
            } else if (mode.equals("payhooks-tx")) {
                WebhookReceiver receiver = WebhookReceiver.builder()
                        .source(StripeWebhooks.source(Deliveries.SECRET))
                        .idempotencyStore(JdbcStores.create(pool))
                        .on("payment_intent.succeeded", JdbcTransactions.handler((event, connection) ->
                                markPaid(connection, Deliveries.sequenceOf(event.id()))))
                        .build();
                Jetty.addFilter(context, receiver);
            } else if (mode.equals("reference")) {
                context.addServlet(new ServletHolder(new HandWrittenServlet(pool)), Jetty.STRIPE_PATH);
            } else {
                throw new IllegalArgumentException("unknown mode " + mode);
            }
            long first = deliveries.lastSequence() + 1;
            // One more for the self-check's delivery, which must pay nothing.
            long rows = (long) warmupRequests + measuredRequests + 1;
            RunSupport.execute(admin, "TRUNCATE orders, processed_events"
                            + (mode.startsWith("payhooks") ? ", payhooks_idempotency" : ""),
                    "INSERT INTO orders (id, status) SELECT n, 'open' FROM generate_series(" + first + ", "
                            + (first + rows - 1) + ") AS n",
                    "VACUUM ANALYZE orders",
                    "CHECKPOINT");
            Server server = Jetty.server(context, clients);
            server.start();
            try {
                URI uri = URI.create("http://127.0.0.1:" + Jetty.port(server) + Jetty.STRIPE_PATH);
                HttpClient client = LoadClients.client();
                selfCheck(client, uri, mode);
                Result warmup = LoadClients.run(client, uri, deliveries, clients, Duration.ofSeconds(options.warmupSeconds),
                        warmupRequests);
                Result measured = LoadClients.run(client, uri, deliveries, clients, Duration.ofSeconds(options.seconds),
                        measuredRequests);
                long errors = warmup.errors() + measured.errors();
                if (errors > 0) {
                    throw new IllegalStateException(mode + " with " + clients + " clients: " + errors
                            + " answers were not 200");
                }
                checkExactlyOnce(admin, mode, clients, warmup.count() + measured.count());
                return measured;
            } finally {
                server.stop();
            }
        }
    }

    /** Each mode rejects what a verifier must reject, and runs no handler for it. */
    private void selfCheck(HttpClient client, URI uri, String mode) throws IOException, InterruptedException {
        long now = Instant.now().getEpochSecond();
        byte[] body = deliveries.nextBody();
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        Map<String, java.net.http.HttpRequest> bad = new LinkedHashMap<>();
        bad.put("a tampered body", Deliveries.request(uri, tampered, Signing.stripeHeader(Deliveries.SECRET, now, body)));
        bad.put("another secret", Deliveries.request(uri, body,
                Signing.stripeHeader("whsec_anotherSecretForTheSelfCheckOnly", now, body)));
        bad.put("a stale timestamp", Deliveries.request(uri, body,
                Signing.stripeHeader(Deliveries.SECRET, now - 2 * TOLERANCE_SECONDS, body)));
        for (Map.Entry<String, java.net.http.HttpRequest> request : bad.entrySet()) {
            int status = client.send(request.getValue(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 400 || status >= 500) {
                throw new IllegalStateException(mode + " answered " + status + " to " + request.getKey());
            }
        }
    }

    /** Every delivery answered 200 paid its order exactly once; nothing else was paid. */
    private static void checkExactlyOnce(DataSource admin, String mode, int clients, long deliveries) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FILTER (WHERE paid_count = 1),"
                     + " COUNT(*) FILTER (WHERE paid_count > 1) FROM orders")) {
            row.next();
            long once = row.getLong(1);
            long more = row.getLong(2);
            if (once != deliveries || more != 0) {
                throw new IllegalStateException(mode + " with " + clients + " clients: " + deliveries + " deliveries, "
                        + once + " orders paid once, " + more + " more than once");
            }
        }
    }

    private static void markPaid(DataSource pool, long orderId) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            markPaid(connection, orderId);
        }
    }

    private static void markPaid(Connection connection, long orderId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setLong(1, orderId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no order " + orderId);
            }
        }
    }

    /**
     * The endpoint as merchants write it with stripe-java (Stripe's webhook guide: read the raw
     * body as a String, {@code Webhook.constructEvent}, answer 400 when the signature fails),
     * de-duplicated with a processed-events table: insert the event id, and only if that inserted
     * a row run the handler's {@code UPDATE}. Autocommit throughout, one pooled connection per
     * delivery.
     */
    private static final class HandWrittenServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient DataSource pool;

        HandWrittenServlet(DataSource pool) {
            this.pool = pool;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            String payload = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Event event;
            try {
                event = Webhook.constructEvent(payload, request.getHeader("Stripe-Signature"), Deliveries.SECRET,
                        TOLERANCE_SECONDS);
            } catch (SignatureVerificationException | com.google.gson.JsonSyntaxException e) {
                response.setStatus(400);
                return;
            }
            try (Connection connection = pool.getConnection()) {
                boolean inserted;
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, event.getId());
                    inserted = insert.executeUpdate() == 1;
                }
                if (inserted && "payment_intent.succeeded".equals(event.getType())) {
                    markPaid(connection, Deliveries.sequenceOf(event.getId()));
                }
            } catch (SQLException e) {
                throw new ServletException(e);
            }
            response.setStatus(200);
        }
    }

    /** Command-line options. */
    private static final class Options {
        List<Integer> clients = List.of(1, 16, 64);
        int pool = 16;
        int seconds = 8;
        int warmupSeconds = 4;
        int rounds = 3;
        int requests = 1_000_000;
        List<String> modes = List.of("reference", "payhooks", "payhooks-tx");

        static Options parse(String[] args) {
            Map<String, String> values = RunSupport.options(args);
            Options options = new Options();
            options.clients = RunSupport.positives(values.remove("clients"), options.clients, "clients");
            options.pool = RunSupport.positive(values.remove("pool"), options.pool, "pool");
            options.seconds = RunSupport.positive(values.remove("seconds"), options.seconds, "seconds");
            options.warmupSeconds = RunSupport.positive(values.remove("warmup-seconds"), options.warmupSeconds,
                    "warmup-seconds");
            options.rounds = RunSupport.positive(values.remove("rounds"), options.rounds, "rounds");
            options.requests = RunSupport.positive(values.remove("requests"), options.requests, "requests");
            String modes = values.remove("modes");
            if (modes != null) {
                options.modes = List.of(modes.split(","));
            }
            if (!options.modes.contains("reference")) {
                throw new IllegalArgumentException("--modes must include reference, the figure the others are compared with");
            }
            RunSupport.noneLeft(values, "clients, pool, seconds, warmup-seconds, rounds, requests, modes");
            return options;
        }
    }
}
