package dev.payhooks.benchmarks.http;

import dev.payhooks.jdbc.JdbcIdempotencyStore;

import javax.sql.DataSource;

/** Creates payhooks' JDBC idempotency store on a pool, with its table. */
final class JdbcStores {

    private JdbcStores() {
    }

    static JdbcIdempotencyStore create(DataSource dataSource) {
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource)
                .createSchemaIfMissing(true)
                .build();
        store.initialize();
        return store;
    }
}
