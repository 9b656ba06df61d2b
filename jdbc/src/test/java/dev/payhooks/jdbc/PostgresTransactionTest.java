package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Claims never join the caller's transaction: a merchant who receives a webhook while holding an
 * open PostgreSQL transaction keeps that transaction usable (PostgreSQL aborts a whole transaction
 * on any error, so a unique-key violation inside it would be fatal), and a rollback of it does not
 * undo the claim.
 */
class PostgresTransactionTest {

    private static final String TABLE = "tx_idempotency";
    private static HikariDataSource pool;
    private JdbcIdempotencyStore store;

    @BeforeAll
    static void startPool() throws SQLException {
        pool = TestDatabases.postgresPool("pg-tx", 4);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS merchant_orders");
            statement.execute("CREATE TABLE merchant_orders (id VARCHAR(50) PRIMARY KEY)");
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void freshTable() {
        TestDatabases.drop(pool, TABLE);
        store = JdbcIdempotencyStore.builder(pool).tableName(TABLE).createSchemaIfMissing(true).build();
    }

    @Test
    void duplicateDeliveryDoesNotAbortTheCallersOpenTransaction() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                .on("test.event", event -> runs.incrementAndGet()).build();
        assertThat(receiver.receive(TestSource.delivery("evt_dup")).outcome()).isEqualTo(Outcome.HANDLED);
        IdempotencyKey held = new IdempotencyKey("test", "", "evt_held");
        assertThat(store.claim(held, Duration.ofMinutes(5))).isInstanceOf(ClaimResult.Claimed.class);

        try (Connection caller = pool.getConnection()) {
            caller.setAutoCommit(false);
            insertOrder(caller, "order_1");

            WebhookResponse duplicate = receiver.receive(TestSource.delivery("evt_dup"));
            WebhookResponse inProgress = receiver.receive(TestSource.delivery("evt_held"));
            ClaimResult direct = store.claim(held, Duration.ofMinutes(5));

            insertOrder(caller, "order_2");
            caller.commit();

            assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(inProgress.outcome()).isEqualTo(Outcome.IN_PROGRESS);
            assertThat(direct).isInstanceOf(ClaimResult.InProgress.class);
        }
        assertThat(runs).hasValue(1);
        assertThat(TestDatabases.count(pool, "merchant_orders")).isEqualTo(2);
    }

    @Test
    void rollingBackTheCallersTransactionDoesNotUndoAClaim() throws SQLException {
        IdempotencyKey key = new IdempotencyKey("test", "", "evt_rollback");
        try (Connection caller = pool.getConnection()) {
            caller.setAutoCommit(false);
            insertOrder(caller, "order_rolled_back");

            assertThat(store.claim(key, Duration.ofMinutes(5))).isInstanceOf(ClaimResult.Claimed.class);

            caller.rollback();
        }
        assertThat(store.claim(key, Duration.ofMinutes(5))).as("the claim was committed on its own connection")
                .isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void aPoolThatHandsOutConnectionsOutsideAutocommitIsRefused() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.postgresUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        try (HikariDataSource transactional = new HikariDataSource(config)) {
            JdbcIdempotencyStore refused = JdbcIdempotencyStore.builder(transactional).tableName(TABLE).build();

            assertThatThrownBy(refused::initialize)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not in autocommit mode")
                    .hasMessageContaining("plain connection pool");
        }
    }

    private static void insertOrder(Connection connection, String id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO merchant_orders (id) VALUES (?)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }
}
