package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.TransactionWork;
import dev.payhooks.spi.TransactionalInbox;
import dev.payhooks.jdbc.internal.TransactionalDispatch;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.Arguments;
import dev.payhooks.jdbc.internal.Database;
import dev.payhooks.jdbc.internal.InboxSql;
import dev.payhooks.jdbc.internal.Role;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * An {@link Inbox} in a database table, shared by every instance of an application: PostgreSQL
 * (9.5 or newer) for several instances, H2 (2.x) for one instance and demos. The dialect is chosen
 * from the connection's metadata; other databases are refused with an {@link IllegalStateException}.
 *
 * <pre>{@code
 * JdbcInbox inbox = JdbcInbox.builder(dataSource).build();     // e.g. a HikariDataSource
 * inbox.initialize();             // optional: a missing table fails the startup, not the first webhook
 * WebhookReceiver receiver = WebhookReceiver.builder().source(source).inbox(inbox)
 *         .on("refund.failed", refunds::markFailed).build();
 * InboxProcessor workers = InboxProcessor.builder(receiver, inbox).threads(4).build();
 * workers.start();
 * }</pre>
 *
 * <p><b>Time.</b> Received, due, lease and completion times are all the database's
 * {@code CURRENT_TIMESTAMP} (plus a delay or lease), never the application's clock, so instances
 * whose clocks drift still agree on when a row is due and when a lease ends. The
 * {@link InboxMessage#receivedAt()} given to {@link #store} is ignored for the same reason.
 *
 * <p><b>Several instances.</b> {@link #claimDue} picks due rows with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so concurrent workers in any number of processes
 * take disjoint batches without waiting for each other (on H2 the claiming update re-checks the due
 * condition under the row lock, which keeps claims exclusive; see the module README). Each claim
 * writes a fresh token into its rows; completion, retry, dead and release change a row only while it
 * is still {@code RUNNING} under that token, so a worker whose lease expired and was taken over
 * changes nothing (fencing).
 *
 * <p><b>Transactions.</b> Every call borrows its own connection, runs in autocommit mode and gives
 * it back: a stored row is committed before {@link #store} returns, which is what lets the
 * receiver answer 200. A connection that is not in autocommit mode is refused with an
 * {@link IllegalStateException} (see {@link JdbcIdempotencyStore}).
 *
 * <p><b>Failures.</b> Any {@link SQLException} becomes a {@link WebhookUnavailableException}:
 * when storing, the receiver answers 503 and the provider retries; when claiming, the processor
 * polls again later.
 *
 * <p><b>Keys.</b> Rows are unique per provider, tenant and idempotency key, stored as the
 * idempotency store stores them: as they are when they fit their columns (100, 200 and 255
 * characters) and otherwise as a SHA-256 digest, so no delivery is refused. A row read back
 * carries those stored values.
 *
 * <p><b>Schema.</b> Versioned DDL ships in the jar as
 * {@code META-INF/payhooks/jdbc/postgresql/V1__payhooks_inbox.sql} (and {@code .../h2/...}), with
 * Flyway-style {@code ${table}} and {@code ${index_prefix}} placeholders. Run it with your
 * migration tool, or opt in to {@link Builder#createSchemaIfMissing(boolean)}.
 *
 * <p>Immutable after {@link Builder#build()} and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcInbox extends JdbcTable implements TransactionalInbox {

    /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
    public static final String DEFAULT_TABLE_NAME = "payhooks_inbox";

    private final TransactionRunner transactions;

    private final Database<InboxSql> database;

    private JdbcInbox(Builder builder, Database<InboxSql> database) {
        super(database);
        this.database = database;
        this.transactions = builder.transactionRunner();
    }

    /**
     * A builder for an inbox on the given data source, with the table {@value #DEFAULT_TABLE_NAME},
     * no schema creation, purge batches of 1,000 rows and a 5-second query timeout.
     *
     * @param dataSource where the table lives; normally a connection pool
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public boolean store(InboxMessage message) {
        Objects.requireNonNull(message, "message");
        return database.call("store the delivery", (sql, connection) -> sql.store(connection, message));
    }

    @Override
    public List<InboxMessage> claimDue(int max, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        long leaseMillis = Arguments.positiveMillis(lease, "lease");
        ClaimToken token = ClaimToken.random();
        return database.call("claim due rows", (sql, connection) -> sql.claim(connection, max, leaseMillis, token));
    }

    @Override
    public boolean markDone(InboxMessage message) {
        return ifOwned(message, id -> "mark row " + id + " done", InboxSql::done);
    }

    /**
     * Marks the row done and runs the work in one transaction from the
     * {@linkplain Builder#transactions(TransactionRunner) transaction runner}, for
     * {@linkplain JdbcTransactions#handler transactional handlers}: the attempt is the transaction.
     * The row is marked done first, fenced by the message's claim token and locked until the
     * commit; a row whose lease was taken over changes nothing and the work does not run. When
     * the work throws, the transaction rolls back and the row stays running for the processor to
     * schedule its retry.
     *
     * @param message a message returned by {@link #claimDue}
     * @param work the handlers
     * @return whether the work ran and committed
     * @throws WebhookUnavailableException when the database fails (nothing committed, unless it was
     *         the commit that failed)
     * @throws Exception what the work threw, after the rollback
     */
    @Override
    public boolean markDoneWithin(InboxMessage message, TransactionWork work) throws Exception {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(work, "work");
        OptionalLong id = Arguments.rowId(message.id());
        Optional<ClaimToken> token = message.claimToken();
        if (id.isEmpty() || token.isEmpty() || !Arguments.couldBeOurs(token.get())) {
            return false;
        }
        return TransactionalDispatch.markDone(database, transactions, id.getAsLong(), token.get(), work);
    }

    @Override
    public boolean markRetry(InboxMessage message, Duration delay, String error) {
        long delayMillis = Arguments.nonNegativeMillis(delay, "delay");
        Objects.requireNonNull(error, "error");
        return ifOwned(message, id -> "schedule a retry of row " + id,
                (sql, connection, id, token) -> sql.retry(connection, id, token, delayMillis, error));
    }

    @Override
    public boolean markDead(InboxMessage message, String error) {
        Objects.requireNonNull(error, "error");
        return ifOwned(message, id -> "mark row " + id + " dead",
                (sql, connection, id, token) -> sql.dead(connection, id, token, error));
    }

    @Override
    public boolean release(InboxMessage message) {
        return ifOwned(message, id -> "release row " + id, InboxSql::release);
    }

    @Override
    public List<InboxMessage> listDead(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return database.call("list dead rows", (sql, connection) -> sql.listDead(connection, limit));
    }

    @Override
    public boolean replayDeadWithoutReverifying(String id) {
        Objects.requireNonNull(id, "id");
        OptionalLong rowId = Arguments.rowId(id);
        return rowId.isPresent() && database.call("replay row " + rowId.getAsLong(),
                (sql, connection) -> sql.replayOne(connection, rowId.getAsLong()));
    }

    @Override
    public int replayAllDeadWithoutReverifying() {
        return database.call("replay dead rows", InboxSql::replayAll);
    }

    /**
     * Deletes done rows completed longer ago than {@code retention}, in batches of
     * {@link Builder#purgeBatchSize(int)} rows, each its own short statement. Safe to run from
     * several instances at once.
     *
     * @param retention how long done rows are kept, on the database clock; positive, at most 3,650 days
     * @return how many rows were deleted
     * @throws WebhookUnavailableException when the database fails (rows deleted by earlier batches
     *         stay deleted)
     */
    @Override
    public int purgeDone(Duration retention) {
        long retentionMillis = Arguments.positiveMillis(retention, "retention");
        long deleted = database.purge("done rows",
                (sql, connection, batchSize) -> sql.purgeBatch(connection, retentionMillis, batchSize));
        return (int) Math.min(deleted, Integer.MAX_VALUE);
    }

    /**
     * How many rows are in each state, for operations and monitoring (a growing number of dead
     * rows needs a human; a growing number of pending rows needs more workers).
     *
     * @return every status with its count
     * @throws WebhookUnavailableException when the database fails
     */
    public Map<InboxMessage.Status, Long> counts() {
        return database.call("count rows", InboxSql::counts);
    }

    /**
     * Counts the pending, running and dead rows and dates the oldest pending one, in one query (one
     * consistent snapshot), for gauges (payhooks-micrometer) and health checks. Done rows are not
     * counted. Poll it every few seconds at most, not per delivery.
     *
     * @return the counts; never empty for this inbox
     * @throws WebhookUnavailableException when the database fails
     */
    @Override
    public Optional<InboxStats> stats() {
        return Optional.of(database.call("read the inbox statistics", InboxSql::stats));
    }

    /**
     * Runs work on a row only when the message names a row and a claim token that this inbox could
     * have issued; anything else owns no row, and the answer is {@code false} without a statement.
     */
    private boolean ifOwned(InboxMessage message, LongFunction<String> what, OwnedRowWork work) {
        Objects.requireNonNull(message, "message");
        OptionalLong id = Arguments.rowId(message.id());
        Optional<ClaimToken> token = message.claimToken();
        if (id.isEmpty() || token.isEmpty() || !Arguments.couldBeOurs(token.get())) {
            return false;
        }
        long rowId = id.getAsLong();
        return database.call(what.apply(rowId),
                (sql, connection) -> work.run(sql, connection, rowId, token.get()));
    }

    /** A fenced change of one claimed row. */
    @FunctionalInterface
    private interface OwnedRowWork {
        boolean run(InboxSql sql, Connection connection, long id, ClaimToken token) throws SQLException;
    }

    /**
     * Builds a {@link JdbcInbox}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends TableBuilder<Builder> {
        private Builder(DataSource dataSource) {
            super(dataSource, DEFAULT_TABLE_NAME);
        }

        /**
         * The inbox. Does not connect: see {@link JdbcInbox#initialize()}.
         *
         * @return a new inbox
         */
        public JdbcInbox build() {
            return new JdbcInbox(this, database(Role.INBOX));
        }
    }
}
