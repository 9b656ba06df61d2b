package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.contract.ObjectVersionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The testkit's version store contract on a real PostgreSQL server; {@link #advance} moves stored instants back. */
class PostgresObjectVersionStoreContractTest extends ObjectVersionStoreContract {

    private static final String TABLE = "contract_object_versions";
    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-version-contract", 20);
        TestDatabases.drop(pool, TABLE);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected ObjectVersionStore newStore() {
        return JdbcObjectVersionStore.builder(pool).tableName(TABLE).retention(retention()).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        VersionTables.advance(pool, TABLE, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(30);
    }
}
