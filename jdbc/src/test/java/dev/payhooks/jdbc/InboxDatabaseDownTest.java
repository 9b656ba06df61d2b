package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's database stops while webhooks arrive: the receiver answers 503 so the provider
 * retries, runs no handler and stores nothing; once the database is back, the retry is stored,
 * answered 200 and handled once by a worker. Uses the shared PostgreSQL server, stopped and
 * restarted on the same data directory and port.
 */
class InboxDatabaseDownTest {

    @Test
    void stoppedDatabaseMeans503NoHandlerCallAndNothingStored() throws Exception {
        String table = "down_inbox";
        HikariConfig config = new HikariConfig();
        config.setPoolName("pg-inbox-down");
        config.setJdbcUrl(TestDatabases.postgresUrl());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // How long a delivery waits for a connection before it is answered 503.
        config.setConnectionTimeout(500);
        String password = "db-password-" + System.nanoTime();
        config.setPassword(password);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            TestDatabases.drop(pool, table);
            JdbcInbox inbox = JdbcInbox.builder(pool).tableName(table).createSchemaIfMissing(true).build();
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                    .on("test.event", event -> handled.add(event.id())).build();
            InboxProcessor workers = InboxProcessor.builder(receiver, inbox).threads(2).build();
            assertThat(receiver.receive(TestSource.delivery("evt_before")).outcome()).isEqualTo(Outcome.QUEUED);

            TestDatabases.stopPostgres();
            WebhookResponse whileDown;
            String logs;
            try (LogCapture capture = LogCapture.open()) {
                whileDown = receiver.receive(TestSource.delivery("evt_during"));
                logs = capture.text();
            } finally {
                TestDatabases.restartPostgres();
            }
            // Connections the stop killed may still sit in the pool, inside Hikari's alive-bypass window,
            // and a loaded machine needs longer than 500 ms to open a new one: start the 'database is
            // back' half of the test from fresh connections.
            pool.getHikariPoolMXBean().softEvictConnections();
            pool.getHikariConfigMXBean().setConnectionTimeout(10_000);

            assertThat(whileDown.status()).isEqualTo(503);
            assertThat(whileDown.outcome()).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(whileDown.body()).doesNotContain(password).doesNotContain("SQLState");
            assertThat(logs).contains("answering 503").contains("SQLState").doesNotContain(password);
            assertThat(handled).as("no handler runs in the receiver, and none for a delivery that was not stored").isEmpty();
            assertThat(TestDatabases.count(pool, table)).as("nothing acknowledged that is not stored").isEqualTo(1);

            assertThat(receiver.receive(TestSource.delivery("evt_during")).outcome()).isEqualTo(Outcome.QUEUED);
            assertThat(receiver.receive(TestSource.delivery("evt_during")).outcome()).isEqualTo(Outcome.DUPLICATE);
            while (workers.runOnce() > 0) {
                // drain
            }
            assertThat(handled).containsExactlyInAnyOrder("evt_before", "evt_during");
            assertThat(inbox.counts()).containsEntry(InboxMessage.Status.DONE, 2L);
        }
    }
}
