package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.TransactionWork;
import dev.payhooks.spi.TransactionalIdempotencyStore;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.Arguments;
import dev.payhooks.jdbc.internal.Database;
import dev.payhooks.jdbc.internal.IdempotencySql;
import dev.payhooks.jdbc.internal.Role;
import dev.payhooks.jdbc.internal.StoredKey;
import dev.payhooks.jdbc.internal.TransactionalDispatch;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * An {@link IdempotencyStore} in a database table, shared by every instance of an application:
 * PostgreSQL (9.5 or newer) for several instances, H2 (2.x) for one instance and demos. The
 * dialect is chosen from the connection's metadata; other databases are refused with an
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource)   // e.g. a HikariDataSource
 *         .retention(Duration.ofDays(7))
 *         .build();
 * store.initialize();   // optional: fail at startup, not at the first webhook, if the table is missing
 * WebhookReceiver receiver = WebhookReceiver.builder().source(source).idempotencyStore(store)...build();
 * }</pre>
 *
 * <p><b>Time.</b> Leases and the retention are measured with the database's clock
 * ({@code CURRENT_TIMESTAMP}), never with the application's, so instances whose clocks drift still
 * agree on when a lease ends.
 *
 * <p><b>Transactions.</b> Every operation borrows its own connection from the {@link DataSource},
 * runs one or a few statements in autocommit mode and gives the connection back. A claim is
 * therefore visible to other instances at once and survives a rollback of whatever transaction the
 * caller has open; on PostgreSQL a duplicate is found without raising a unique-key violation, so it
 * could not abort a surrounding transaction either. A connection that is not in autocommit mode
 * (a transaction-bound proxy, a pool configured with {@code autoCommit=false}) is refused with an
 * {@link IllegalStateException}, because committing it could commit the caller's work: give the
 * store a plain pooled {@code DataSource}. If your handlers use the same pool, size it for them
 * plus the store (a handler holding the only connection would make the store wait for it).
 *
 * <p><b>Durability.</b> On PostgreSQL a claim that wins commits without waiting for the WAL flush
 * (for its own transaction only): a server crash within the WAL writer's delay can forget it, and
 * then the provider's retry runs the event, as after any crash between claim and completion. The
 * completion and the release wait for the flush as the server's {@code synchronous_commit} says
 * (by default they do), since a forgotten completion would let a later delivery run the handlers
 * again. See the module README, "Which commits wait for the disk".
 *
 * <p><b>Failures.</b> Any {@link SQLException} while claiming, completing or releasing becomes a
 * {@link WebhookUnavailableException}. When the claim fails, the receiver answers 503, runs no
 * handler and nothing is marked done, so the provider's retry finds the event new. (When only the
 * completion fails, the handlers have already run: the receiver acknowledges and logs it, and a
 * redelivery after the lease could run them again.)
 *
 * <p><b>Schema.</b> Versioned DDL ships in the jar as
 * {@code META-INF/payhooks/jdbc/postgresql/V1__payhooks_idempotency.sql} (and {@code .../h2/...}),
 * with Flyway-style {@code ${table}} and {@code ${index}} placeholders. Run it with your migration
 * tool, or opt in to {@link Builder#createSchemaIfMissing(boolean)}.
 *
 * <p><b>Retention.</b> Completed keys are remembered for the retention and then forgotten; expired
 * rows stay in the table, harmlessly, until {@link #purgeExpired()} deletes them: call it
 * periodically (e.g. hourly, from any one instance or all of them).
 *
 * <p>Immutable after {@link Builder#build()} and thread-safe. The first operation (or
 * {@link #initialize()}) connects once to learn the dialect.
 *
 * @since 0.1.0
 */
public final class JdbcIdempotencyStore extends RetainingJdbcTable implements TransactionalIdempotencyStore {

    /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
    public static final String DEFAULT_TABLE_NAME = "payhooks_idempotency";

    private final TransactionRunner transactions;

    private final Database<IdempotencySql> database;

    private JdbcIdempotencyStore(Builder builder, Database<IdempotencySql> database) {
        super(database, builder);
        this.database = database;
        this.transactions = builder.transactionRunner();
    }

    /**
     * A builder for a store on the given data source, with the table {@value #DEFAULT_TABLE_NAME},
     * a 7-day retention, no schema creation, purge batches of 1,000 rows and a 5-second query
     * timeout.
     *
     * @param dataSource where the table lives; normally a connection pool
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        Objects.requireNonNull(key, "key");
        long leaseMillis = Arguments.positiveMillis(lease, "lease");
        StoredKey stored = StoredKey.of(key);
        ClaimToken token = ClaimToken.random();
        return database.call("claim the event", (sql, connection) -> sql.claim(connection, stored, token, leaseMillis))
                .orElseThrow(() -> new WebhookUnavailableException("the idempotency key kept changing while it was"
                        + " being claimed (claimed and released repeatedly by other deliveries); the delivery will be"
                        + " retried", null));
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        long retentionMillis = retention().toMillis();
        return Arguments.couldBeOurs(token) && database.call("record the completion",
                (sql, connection) -> sql.complete(connection, StoredKey.of(key), token, retentionMillis));
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        return Arguments.couldBeOurs(token) && database.call("release the claim",
                (sql, connection) -> sql.release(connection, StoredKey.of(key), token));
    }

    /**
     * Records the key as completed and runs the work in one transaction from the
     * {@linkplain Builder#transactions(TransactionRunner) transaction runner}, for
     * {@linkplain JdbcTransactions#handler transactional handlers}: the completion is written
     * first, so a concurrent delivery of the same key waits for this transaction on the table's
     * unique index and then finds the key completed (or, after a rollback, free); it never runs the
     * work a second time. A completed row past its retention, or a claim past its lease, is taken
     * over. Needs READ COMMITTED (see the module README, "Transactional handlers").
     *
     * @param key the scoped key
     * @param work the handlers, run with the transaction's connection available to
     *             {@link JdbcTransactions#handler} handlers
     * @return {@link Result#COMMITTED}; {@link Result#ALREADY_COMPLETED} for a duplicate;
     *         {@link Result#IN_PROGRESS} when an ordinary dispatch holds the key, or the wait for a
     *         concurrent transaction ended in a timeout, deadlock or serialization failure
     * @throws WebhookUnavailableException when the database fails (nothing committed, unless it was
     *         the commit that failed)
     * @throws Exception what the work threw, after the rollback
     */
    @Override
    public Result completeWithin(IdempotencyKey key, TransactionWork work) throws Exception {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(work, "work");
        return TransactionalDispatch.complete(database, transactions, StoredKey.of(key), retention().toMillis(), work);
    }

    /**
     * Deletes every expired row: completed keys older than the retention and claims whose lease
     * ended without completion (their worker is gone; a redelivery would have taken them over).
     * Deletes in batches of {@link Builder#purgeBatchSize(int)} rows, each batch its own short
     * transaction, so it never holds many locks for long. Rows being claimed at the same moment are
     * left for the next purge. Safe to run from several instances at once.
     *
     * @return how many rows were deleted
     * @throws WebhookUnavailableException when the database fails (rows deleted by earlier batches
     *         stay deleted)
     */
    @Override
    public long purgeExpired() {
        return database.purge("expired rows", IdempotencySql::purgeBatch);
    }

    /**
     * Builds a {@link JdbcIdempotencyStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends RetainingTableBuilder<Builder> {
        private Builder(DataSource dataSource) {
            super(dataSource, DEFAULT_TABLE_NAME, Duration.ofDays(7));
        }

        /**
         * The store. Does not connect: see {@link JdbcIdempotencyStore#initialize()}.
         *
         * @return a new store
         */
        public JdbcIdempotencyStore build() {
            return new JdbcIdempotencyStore(this, database(Role.IDEMPOTENCY_STORE));
        }
    }
}
