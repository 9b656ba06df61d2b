package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's claim, release and completion against PostgreSQL, from two "instances" sharing the table. */
class PostgresReceiverTest {

    private static final String TABLE = "receiver_idempotency";
    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-receiver", 4);
        TestDatabases.drop(pool, TABLE);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void handlerFailureReleasesTheClaimSoTheRetryRunsItOnAnotherInstance() {
        AtomicInteger attempts = new AtomicInteger();
        WebhookReceiver failing = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store())
                .on("test.event", event -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("downstream service is down");
                }).build();
        AtomicInteger handled = new AtomicInteger();
        WebhookReceiver healthy = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store())
                .on("test.event", event -> handled.incrementAndGet()).build();

        assertThat(failing.receive(TestSource.delivery("evt_retry")).status()).isEqualTo(500);
        assertThat(healthy.receive(TestSource.delivery("evt_retry")).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(failing.receive(TestSource.delivery("evt_retry")).outcome()).isEqualTo(Outcome.DUPLICATE);

        assertThat(attempts).hasValue(1);
        assertThat(handled).hasValue(1);
    }

    private static JdbcIdempotencyStore store() {
        return JdbcIdempotencyStore.builder(pool).tableName(TABLE).createSchemaIfMissing(true).build();
    }
}
