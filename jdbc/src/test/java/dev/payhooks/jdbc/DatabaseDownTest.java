package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stops while webhooks arrive: the receiver answers 503 so the provider retries,
 * runs no handler and marks nothing done; once the database is back, the retry is handled once.
 * Uses the shared PostgreSQL server, stopped and restarted on the same data directory and port.
 */
class DatabaseDownTest {

    @Test
    void stoppedDatabaseMeans503AndNothingMarkedDoneUntilItIsBack() throws Exception {
        String table = "down_idempotency";
        HikariConfig config = new HikariConfig();
        config.setPoolName("pg-down");
        config.setJdbcUrl(TestDatabases.postgresUrl());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // How long a delivery waits for a connection before it is answered 503.
        config.setConnectionTimeout(500);
        // The embedded server trusts local connections, so any password is accepted; it is here to
        // show that it reaches no log line and no answer.
        String password = "db-password-" + System.nanoTime();
        config.setPassword(password);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            TestDatabases.drop(pool, table);
            JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).tableName(table)
                    .createSchemaIfMissing(true).build();
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .on("test.event", event -> handled.add(event.id())).build();
            assertThat(receiver.receive(TestSource.delivery("evt_before")).status()).isEqualTo(200);

            TestDatabases.stopPostgres();
            WebhookResponse whileDown;
            WebhookResponse duplicateWhileDown;
            String logs;
            try (LogCapture capture = LogCapture.open()) {
                whileDown = receiver.receive(TestSource.delivery("evt_during"));
                duplicateWhileDown = receiver.receive(TestSource.delivery("evt_before"));
                logs = capture.text();
            } finally {
                TestDatabases.restartPostgres();
            }
            // Connections the stop killed may still sit in the pool, inside Hikari's alive-bypass window,
            // and a loaded machine needs longer than 500 ms to open a new one: start the 'database is
            // back' half of the test from fresh connections.
            pool.getHikariPoolMXBean().softEvictConnections();
            pool.getHikariConfigMXBean().setConnectionTimeout(10_000);
            assertThat(logs).contains("answering 503").contains("SQLState").doesNotContain(password);
            assertThat(whileDown.body()).doesNotContain(password).doesNotContain("SQLState");

            assertThat(whileDown.status()).isEqualTo(503);
            assertThat(whileDown.outcome()).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(duplicateWhileDown.status()).as("not even a duplicate can be recognised").isEqualTo(503);
            assertThat(handled).containsExactly("evt_before");

            // The provider retries a 503. On a loaded machine the first attempts after the restart can
            // still meet the server starting up (503 again), which is the right answer then; what
            // must hold is that the retry is handled, not answered as a duplicate.
            WebhookResponse retried = receiver.receive(TestSource.delivery("evt_during"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (retried.outcome() == Outcome.UNAVAILABLE && System.nanoTime() < deadline) {
                Thread.sleep(250);
                retried = receiver.receive(TestSource.delivery("evt_during"));
            }
            assertThat(retried.outcome()).as("nothing was marked done while the database was down")
                    .isEqualTo(Outcome.HANDLED);
            assertThat(receiver.receive(TestSource.delivery("evt_during")).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(receiver.receive(TestSource.delivery("evt_before")).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(handled).containsExactly("evt_before", "evt_during");
        }
    }
}
