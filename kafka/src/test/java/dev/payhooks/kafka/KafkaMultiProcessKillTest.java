package dev.payhooks.kafka;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.servlet.WebhookServlet;
import dev.payhooks.testkit.ChildJvm;
import dev.payhooks.testkit.TestScheme;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence. Deliveries arrive over HTTP (payhooks-servlet on Jetty, 16 sender threads)
 * at a receiver that hands them to Kafka; three worker JVMs ({@link KafkaWorkerMain}) in one
 * consumer group handle them with a JDBC idempotency store on PostgreSQL; one worker is killed
 * with SIGKILL once it has handled a tenth of the events and has a handler under way. At the end:
 * every delivery was answered 200, every event's completion is recorded, none is lost; the only
 * events whose handler started twice are events whose run was under way in the killed worker (its
 * handler had started and its completion was not recorded), each run once more by a survivor after
 * the claim's lease; and no event's run succeeded twice.
 *
 * <p>Size: {@code -Dpayhooks.kafka.killTest.events}, default 4,000 so that the module's build stays short on a
 * shared 2-core machine; {@code -Dpayhooks.kafka.killTest.events=10000} is the size (about 70 s there
 * at load average 9 to 12, broker, PostgreSQL and four JVMs included).
 */
class KafkaMultiProcessKillTest {

    private static final int EVENTS = Integer.getInteger("payhooks.kafka.killTest.events", 4_000);
    private static final int SENDERS = 16;
    private static final int WORKER_THREADS = 2;
    private static final int LEASE_SECONDS = 5;
    private static final String TOPIC = "kill-deliveries";
    private static final String GROUP = "kill-workers";
    private static final String STORE = "kafka_kill_idempotency";
    private static final String RUNS = "kafka_kill_runs";

    @Test
    void killedWorkerLosesNothingAndOnlyItsInFlightEventsRunTwice() throws Exception {
        TestKafka.createTopic(TOPIC, 12);
        String url = TestPostgres.url();
        try (HikariDataSource pool = TestPostgres.pool("kafka-kill-test", url, 4)) {
            TestPostgres.update(pool, "DROP TABLE IF EXISTS " + RUNS);
            TestPostgres.update(pool, "DROP TABLE IF EXISTS " + STORE);
            TestPostgres.update(pool, "CREATE TABLE " + RUNS + " (event_id TEXT NOT NULL, pid BIGINT NOT NULL, succeeded BOOLEAN NOT NULL)");
            TestPostgres.update(pool, "CREATE INDEX " + RUNS + "_event_idx ON " + RUNS + " (event_id, pid)");
            JdbcIdempotencyStore.builder(pool).tableName(STORE).createSchemaIfMissing(true).build().initialize();

            List<ChildJvm> workers = new ArrayList<>();
            Server server = null;
            try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(TOPIC).ackTimeout(Duration.ofSeconds(10)).build()) {
                for (int i = 0; i < 3; i++) {
                    workers.add(ChildJvm.start(KafkaWorkerMain.class, TestKafka.bootstrapServers(), TOPIC, GROUP, url, STORE, RUNS,
                            Integer.toString(WORKER_THREADS), Integer.toString(LEASE_SECONDS)));
                }
                for (ChildJvm worker : workers) {
                    worker.await("READY");
                }
                ChildJvm victim = workers.get(0);
                long victimPid = victim.process().pid();

                WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                        .inbox(handoff).maxConcurrentDeliveries(SENDERS * 2)
                        .on("refund.*", event -> {
                            throw new AssertionError("the receiving process runs no handler in hand-off mode");
                        }).build();
                server = new Server();
                ServerConnector connector = new ServerConnector(server);
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                server.addConnector(connector);
                ServletContextHandler context = new ServletContextHandler("/");
                context.addServlet(new ServletHolder(WebhookServlet.of(receiver)), "/webhooks/*");
                server.setHandler(context);
                server.start();
                URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/webhooks/test");

                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
                List<Future<Integer>> answered = new ArrayList<>();
                AtomicInteger retried = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    answered.add(senders.submit(() -> {
                        go.await();
                        int ok = 0;
                        for (int i = sender; i < EVENTS; i += SENDERS) {
                            byte[] body = KafkaHandoffTest.event("evt_" + i, "refund.updated", "re_" + (i % 500));
                            HttpResponse<String> response = null;
                            // As a provider would: a 503 (the broker did not acknowledge within the deadline on a
                            // loaded machine) is retried; anything else is a failure.
                            for (int attempt = 0; attempt < 5; attempt++) {
                                long now = Instant.now().getEpochSecond();
                                response = client.send(HttpRequest.newBuilder(endpoint)
                                        .header("Content-Type", "application/json")
                                        .header(TestScheme.TIMESTAMP_HEADER, Long.toString(now))
                                        .header(TestScheme.SIGNATURE_HEADER, TestScheme.signature(KafkaHandoffTest.SECRET,
                                                Long.toString(now), body))
                                        .timeout(Duration.ofSeconds(60))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() != 503) {
                                    break;
                                }
                                retried.incrementAndGet();
                                Thread.sleep(200);
                            }
                            if (response.statusCode() == 200) {
                                ok++;
                            } else {
                                throw new AssertionError("evt_" + i + " answered " + response.statusCode() + " " + response.body());
                            }
                        }
                        return ok;
                    }));
                }
                go.countDown();

                awaitCondition("the victim to start " + EVENTS / 10 + " handlers and have one under way", () ->
                        TestPostgres.count(pool, "SELECT COUNT(*) FROM " + RUNS + " WHERE pid = " + victimPid) >= EVENTS / 10
                                && TestPostgres.count(pool, "SELECT COUNT(*) FROM " + RUNS + " WHERE pid = " + victimPid
                                + " AND NOT succeeded") > 0);
                victim.process().destroyForcibly();
                assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(victim.process().exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);

                int acknowledged = 0;
                for (Future<Integer> future : answered) {
                    acknowledged += future.get(120, TimeUnit.SECONDS);
                }
                senders.shutdown();
                assertThat(acknowledged).as("deliveries answered 200 over HTTP").isEqualTo(EVENTS);

                awaitCondition("every event's completion recorded", () -> TestPostgres.count(pool,
                        "SELECT COUNT(*) FROM " + STORE + " WHERE completed_at IS NOT NULL") == EVENTS);
                for (ChildJvm survivor : workers.subList(1, 3)) {
                    survivor.send("STOP");
                    survivor.await("STOPPED");
                }

                Map<String, List<Run>> runsByEvent = runs(pool);
                assertThat(runsByEvent).as("events whose handler ran (none lost)").hasSize(EVENTS);
                Set<String> inFlightInVictim = new HashSet<>();
                Set<String> handledTwice = new HashSet<>();
                long victimRuns = 0;
                for (Map.Entry<String, List<Run>> entry : runsByEvent.entrySet()) {
                    long succeeded = 0;
                    for (Run run : entry.getValue()) {
                        if (run.pid() == victimPid) {
                            victimRuns++;
                            if (!run.succeeded()) {
                                inFlightInVictim.add(entry.getKey());
                            }
                        }
                        succeeded += run.succeeded() ? 1 : 0;
                    }
                    assertThat(succeeded).as("successful runs of %s", entry.getKey()).isLessThanOrEqualTo(1);
                    if (entry.getValue().size() > 1) {
                        handledTwice.add(entry.getKey());
                    }
                }
                assertThat(runsByEvent.values()).as("no event handled more than twice")
                        .allSatisfy(runs -> assertThat(runs).hasSizeLessThanOrEqualTo(2));
                assertThat(handledTwice).as("events handled twice are exactly events in flight in the killed worker")
                        .isSubsetOf(inFlightInVictim);
                for (String event : handledTwice) {
                    assertThat(runsByEvent.get(event)).extracting(Run::pid).contains(victimPid);
                }
                assertThat(inFlightInVictim).as("at most one record per consumer thread was in flight")
                        .hasSizeLessThanOrEqualTo(WORKER_THREADS);
                System.out.printf("kafka, 3 worker JVMs, one SIGKILLed: %d deliveries over HTTP from %d threads, all answered 200"
                        + " and all %d completions recorded; killed worker ran %d handlers, %d of them in flight at the kill;"
                        + " %d events were handled twice (%s); %d deliveries were answered 503 first and retried%n", EVENTS, SENDERS,
                        EVENTS, victimRuns, inFlightInVictim.size(), handledTwice.size(), handledTwice, retried.get());
            } finally {
                for (ChildJvm worker : workers) {
                    worker.close();
                }
                if (server != null) {
                    server.stop();
                }
            }
        }
    }

    private record Run(long pid, boolean succeeded) {
    }

    private static Map<String, List<Run>> runs(HikariDataSource pool) throws SQLException {
        Map<String, List<Run>> runs = new HashMap<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT event_id, pid, succeeded FROM " + RUNS)) {
            while (rows.next()) {
                runs.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new Run(rows.getLong(2), rows.getBoolean(3)));
            }
        }
        return runs;
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after 180 s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
