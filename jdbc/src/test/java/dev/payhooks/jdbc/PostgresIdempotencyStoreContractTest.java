package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The testkit's contract on a real PostgreSQL server through a HikariCP pool. {@link #advance} moves every
 * stored instant into the past ({@link TestDatabases#advance}), which to the store is the database
 * clock moving forward.
 */
class PostgresIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private static final String TABLE = "contract_idempotency";
    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-contract", 20);
        TestDatabases.drop(pool, TABLE);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected IdempotencyStore newStore() {
        return JdbcIdempotencyStore.builder(pool).tableName(TABLE).retention(retention()).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestDatabases.advance(pool, TABLE, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }
}
