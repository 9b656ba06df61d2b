package dev.payhooks.jdbc;

import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.contract.ObjectVersionStoreContract;

import javax.sql.DataSource;
import java.time.Duration;

/** The testkit's version store contract on an in-memory H2 database. */
class H2ObjectVersionStoreContractTest extends ObjectVersionStoreContract {

    private static final String TABLE = "contract_object_versions";
    private static final DataSource H2 = TestDatabases.h2("version-contract");

    @Override
    protected ObjectVersionStore newStore() {
        return JdbcObjectVersionStore.builder(H2).tableName(TABLE).retention(retention()).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        VersionTables.advance(H2, TABLE, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(30);
    }
}
