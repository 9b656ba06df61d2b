package dev.payhooks.kafka;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.testkit.TestScheme;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * A worker instance of an application, in its own JVM: a {@link KafkaWorker} with a JDBC
 * idempotency store on the shared PostgreSQL. Its handler records each run (event id, this
 * process's id, not yet succeeded) and does 10 ms of work (pg_sleep stands for a call
 * to another system), so that runs are under way when the test kills a worker; a listener marks
 * the run succeeded once its completion is recorded.
 *
 * <p>Arguments: bootstrapServers topic groupId jdbcUrl idempotencyTable runsTable threads
 * leaseSeconds. Prints READY once started; on STOP closes gracefully and prints STOPPED.
 */
public final class KafkaWorkerMain {

    private KafkaWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String runs = args[5];
        int threads = Integer.parseInt(args[6]);
        long pid = ProcessHandle.current().pid();
        try (HikariDataSource pool = TestPostgres.pool("kafka-worker-" + pid, args[3], threads + 2)) {
            JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).tableName(args[4]).build();
            store.initialize();
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                    .on("refund.*", event -> {
                        TestPostgres.update(pool, "INSERT INTO " + runs + " (event_id, pid, succeeded) VALUES (?, ?, FALSE)",
                                event.id(), pid);
                        TestPostgres.update(pool, "SELECT pg_sleep(0.01)");
                    }).build();
            // A dead member's partitions move after its session times out: 6 s (the broker's minimum) instead of 45 s.
            Map<String, Object> settings = Map.of("bootstrap.servers", args[0], "session.timeout.ms", "6000",
                    "heartbeat.interval.ms", "1000");
            KafkaWorker worker = KafkaWorker.builder(receiver, settings).topic(args[1]).groupId(args[2]).idempotencyStore(store)
                    .threads(threads).lease(Duration.ofSeconds(Long.parseLong(args[7])))
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .listener(new InboxListener() {
                        @Override
                        public void onSucceeded(InboxMessage message, Duration elapsed) {
                            try {
                                TestPostgres.update(pool, "UPDATE " + runs + " SET succeeded = TRUE WHERE event_id = ? AND pid = ?",
                                        message.eventId(), pid);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).build();
            worker.start();
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                // wait for the test
            }
            worker.close();
            System.out.println("STOPPED");
            System.out.flush();
        }
    }
}
