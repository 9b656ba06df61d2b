package dev.payhooks.benchmarks.kafka;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.benchmarks.http.Deliveries;
import dev.payhooks.benchmarks.http.Jetty;
import dev.payhooks.benchmarks.http.LoadClients;
import dev.payhooks.kafka.KafkaHandoff;
import dev.payhooks.kafka.KafkaWorker;
import dev.payhooks.servlet.WebhookServlet;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.stripe.StripeWebhooks;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deliveries per second answered and handled, and answer times, for the Kafka hand-off next to
 * synchronous processing, in one run on one machine: embedded Jetty 12 on loopback with
 * payhooks-servlet, {@code N} concurrent clients ({@code java.net.http.HttpClient}, HTTP/1.1
 * keep-alive) posting signed 4 KB Stripe {@code payment_intent.succeeded} deliveries, each a
 * distinct event, bounded in count and time.
 * <ol>
 *   <li>{@code sync}: the reference; handlers run inside the request with the in-memory store
 *       (answered = handled).</li>
 *   <li>{@code kafka}: {@link KafkaHandoff} to a KRaft broker in this JVM (Kafka's own
 *       {@code KafkaClusterTestKit}; one broker, so {@code acks=all} waits for one replica), 8
 *       partitions keyed by event id; a {@link KafkaWorker} in this JVM (4 consumer threads,
 *       in-memory store) handles them. "Handled/s" counts from the first request of the
 *       measurement to the last delivery handled.</li>
 * </ol>
 * Every answer must be 200 and every delivery handled exactly once, or the run fails. Each mode
 * runs once per round (default 2); the last round is reported.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.payhooks.benchmarks.kafka.KafkaHttpBenchmark \
 *      --clients=16 --requests=200000 --seconds=15 --warmup-seconds=10 --rounds=2
 * </pre>
 */
public final class KafkaHttpBenchmark {

    private static final String SECRET = Deliveries.SECRET;
    private static final int BODY_SIZE = Deliveries.BODY_SIZE;

    private final Options options;
    private final Deliveries deliveries = new Deliveries(0);
    private KafkaClusterTestKit cluster;
    private int topics;

    private KafkaHttpBenchmark(Options options) {
        this.options = options;
    }

    /**
     * Runs both modes and prints a table.
     *
     * @param args {@code --clients=N --requests=N --seconds=S --warmup-seconds=S --rounds=R --modes=sync,kafka}
     * @throws Exception when a server cannot start or a mode fails
     */
    public static void main(String[] args) throws Exception {
        KafkaHttpBenchmark benchmark = new KafkaHttpBenchmark(Options.parse(args));
        try {
            benchmark.run();
        } finally {
            if (benchmark.cluster != null) {
                benchmark.cluster.close();
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "payhooks Kafka hand-off run: %d clients, at most %d requests or %d s per mode after"
                        + " %d s warm-up, %d-byte bodies; JDK %s, %d CPUs%n", options.clients, options.requests, options.seconds,
                options.warmupSeconds, BODY_SIZE, Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds; round++) {
            System.out.println("round " + round + " of " + options.rounds);
            results.clear();
            for (String mode : options.modes) {
                results.add(runMode(mode));
            }
        }
        System.out.println();
        System.out.println("| mode | deliveries | answered/s | handled/s | answer p50 (ms) | answer p99 (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %.2f |%n", r.mode(), r.load().count(), r.answeredPerSecond(),
                    r.handledPerSecond(), r.percentileMillis(50), r.percentileMillis(99));
        }
    }

    private Result runMode(String mode) throws Exception {
        AtomicLong handled = new AtomicLong();
        WebhookReceiver handlers = WebhookReceiver.builder().source(StripeWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory())
                .on("payment_intent.succeeded", event -> handled.incrementAndGet()).build();
        KafkaHandoff handoff = null;
        KafkaWorker worker = null;
        WebhookReceiver receiver;
        if (mode.equals("sync")) {
            receiver = handlers;
        } else if (mode.equals("kafka")) {
            Map<String, Object> settings = Map.of("bootstrap.servers", cluster().bootstrapServers());
            String topic = "bench-" + (++topics);
            try (Admin admin = Admin.create(settings)) {
                admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            handoff = KafkaHandoff.builder(settings).topic(topic).orderingKey(Event::id).build();
            receiver = WebhookReceiver.builder().source(StripeWebhooks.source(SECRET)).inbox(handoff)
                    .maxConcurrentDeliveries(options.clients * 2)
                    .on("payment_intent.succeeded", event -> {
                        throw new IllegalStateException("the receiving side runs no handler in hand-off mode");
                    }).build();
            worker = KafkaWorker.builder(handlers, settings).topic(topic).groupId(topic + "-workers")
                    .idempotencyStore(IdempotencyStore.inMemory()).threads(4).build();
            worker.start();
        } else {
            throw new IllegalArgumentException("unknown mode '" + mode + "'; use sync or kafka");
        }
        ServletContextHandler context = Jetty.context();
        context.addServlet(new ServletHolder(WebhookServlet.of(receiver)), Jetty.STRIPE_PATH);
        Server server = Jetty.server(context, options.clients);
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + Jetty.port(server) + Jetty.STRIPE_PATH);
            HttpClient client = LoadClients.client();
            LoadClients.Result warmup = LoadClients.run(client, uri, deliveries, options.clients,
                    Duration.ofSeconds(options.warmupSeconds), Integer.MAX_VALUE);
            awaitHandled(mode, handled, warmup.count());
            long before = handled.get();
            long started = System.nanoTime();
            LoadClients.Result load = LoadClients.run(client, uri, deliveries, options.clients,
                    Duration.ofSeconds(options.seconds), options.requests);
            long handledAt = awaitHandled(mode, handled, before + load.count());
            Result result = new Result(mode, load, handledAt - started);
            if (load.errors() > 0) {
                throw new IllegalStateException(mode + ": " + load.errors() + " answers were not 200");
            }
            if (handled.get() != before + load.count()) {
                throw new IllegalStateException(mode + ": handled " + (handled.get() - before) + " for " + load.count());
            }
            System.out.printf(Locale.ROOT, "%-6s %7d deliveries: answered %8.0f/s (p50 %.2f ms, p99 %.2f ms), handled %8.0f/s%n",
                    mode, load.count(), load.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                    result.handledPerSecond());
            return result;
        } finally {
            server.stop();
            if (worker != null) {
                worker.close();
            }
            if (handoff != null) {
                handoff.close();
            }
        }
    }

    /** Waits until {@code target} deliveries were handled; returns when (nanoTime). Fails after 120 s. */
    private static long awaitHandled(String mode, AtomicLong handled, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (handled.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(mode + ": only " + handled.get() + " of " + target + " handled after 120 s");
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    private KafkaClusterTestKit cluster() throws Exception {
        if (cluster == null) {
            KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                    .setNumControllerNodes(1).setNumBrokerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            cluster = started;
        }
        return cluster;
    }

    /** One mode's figures: the answers (from the load) and when the last delivery was handled. */
    private record Result(String mode, LoadClients.Result load, long handledNanos) {

        double answeredPerSecond() {
            return load.perSecond();
        }

        double handledPerSecond() {
            return load.count() / (Math.max(handledNanos, load.nanos()) / 1e9);
        }

        double percentileMillis(double p) {
            return load.percentileMicros(p) / 1000.0;
        }
    }

    /** Command-line options. */
    private static final class Options {
        int clients = 16;
        int requests = 200_000;
        int seconds = 15;
        int warmupSeconds = 10;
        int rounds = 2;
        List<String> modes = List.of("sync", "kafka");

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("options look like --clients=16; got '" + arg + "'");
                }
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            Options options = new Options();
            options.clients = positive(values.remove("clients"), options.clients, "clients");
            options.requests = positive(values.remove("requests"), options.requests, "requests");
            options.seconds = positive(values.remove("seconds"), options.seconds, "seconds");
            options.warmupSeconds = positive(values.remove("warmup-seconds"), options.warmupSeconds, "warmup-seconds");
            options.rounds = positive(values.remove("rounds"), options.rounds, "rounds");
            String modes = values.remove("modes");
            if (modes != null) {
                options.modes = List.of(modes.split(","));
            }
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + values.keySet()
                        + "; known: clients, requests, seconds, warmup-seconds, rounds, modes");
            }
            return options;
        }

        private static int positive(String value, int fallback, String name) {
            if (value == null) {
                return fallback;
            }
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, was " + parsed);
            }
            return parsed;
        }
    }
}
