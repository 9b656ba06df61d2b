package dev.payhooks.benchmarks.http;

import dev.payhooks.IdempotencyStore;

import javax.sql.DataSource;

/** Creates payhooks' JDBC idempotency store on a pool. */
final class JdbcStores {

    private JdbcStores() {
    }

    static IdempotencyStore create(DataSource dataSource) {
        throw new UnsupportedOperationException("the postgres mode needs the payhooks-jdbc module, not yet available;"
                + " run --modes=floor,memory");
    }
}
