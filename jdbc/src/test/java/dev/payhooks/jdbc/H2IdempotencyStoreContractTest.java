package dev.payhooks.jdbc;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;

import javax.sql.DataSource;
import java.time.Duration;

/** The testkit's contract on an in-memory H2 database, through H2's own (unpooled) DataSource. */
class H2IdempotencyStoreContractTest extends IdempotencyStoreContract {

    private static final String TABLE = "contract_idempotency";
    private static final DataSource H2 = TestDatabases.h2("contract");

    @Override
    protected IdempotencyStore newStore() {
        return JdbcIdempotencyStore.builder(H2).tableName(TABLE).retention(retention()).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestDatabases.advance(H2, TABLE, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }
}
