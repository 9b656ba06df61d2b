package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.Inbox;
import dev.payhooks.testkit.contract.InboxContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The testkit's inbox contract on a real PostgreSQL server through a HikariCP pool; each test gets a fresh
 * table. {@link #advance} moves every stored instant into the past, which to the inbox is the
 * database clock moving forward.
 */
class PostgresInboxContractTest extends InboxContract {

    private static HikariDataSource pool;
    private static int tables;
    private String table;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-inbox-contract", 8);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected Inbox newInbox() {
        table = "contract_inbox_" + (++tables);
        TestDatabases.drop(pool, table);
        return JdbcInbox.builder(pool).tableName(table).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        InboxTables.advance(pool, table, duration);
    }
}
