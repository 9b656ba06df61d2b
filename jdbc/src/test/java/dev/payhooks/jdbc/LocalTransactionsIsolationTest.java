package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TransactionRunner#localTransactions} runs every transaction at READ COMMITTED and gives
 * the connection back at the level it found, also when it has already seen that connection (it
 * asks a connection's level once, not per transaction).
 */
class LocalTransactionsIsolationTest {

    @ParameterizedTest
    @ValueSource(strings = {"TRANSACTION_READ_COMMITTED", "TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
    void everyTransactionIsReadCommittedAndThePooledConnectionKeepsItsLevel(String poolLevel) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setPoolName("isolation");
        config.setJdbcUrl(TestDatabases.postgresUrl());
        // One connection: every transaction below runs on the connection the runner has seen before.
        config.setMaximumPoolSize(1);
        config.setTransactionIsolation(poolLevel);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String expectedOutside = level(pool);
            TransactionRunner runner = TransactionRunner.localTransactions(pool);
            for (int i = 0; i < 3; i++) {
                TransactionRunner.Work<String> inside = LocalTransactionsIsolationTest::level;
                String levelInside = runner.inTransaction(inside);
                assertThat(levelInside).isEqualTo("read committed");
                assertThat(level(pool)).isEqualTo(expectedOutside);
            }
            assertThat(expectedOutside).isEqualTo(poolLevel.substring("TRANSACTION_".length()).replace('_', ' ')
                    .toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String level(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return level(connection);
        }
    }

    private static String level(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW transaction_isolation")) {
            row.next();
            return row.getString(1);
        }
    }
}
