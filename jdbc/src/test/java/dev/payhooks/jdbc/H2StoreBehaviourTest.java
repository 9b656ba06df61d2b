package dev.payhooks.jdbc;

import javax.sql.DataSource;

/** The JDBC store's own behaviour on an in-memory H2 database. */
class H2StoreBehaviourTest extends StoreBehaviourTest {

    private static final DataSource H2 = TestDatabases.h2("behaviour");

    @Override
    DataSource dataSource() {
        return H2;
    }
}
