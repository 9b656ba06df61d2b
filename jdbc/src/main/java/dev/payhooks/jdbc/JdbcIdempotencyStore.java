package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.Dialect;
import dev.payhooks.jdbc.internal.StoredKey;
import dev.payhooks.jdbc.internal.TableName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
public final class JdbcIdempotencyStore implements IdempotencyStore {

    /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
    public static final String DEFAULT_TABLE_NAME = "payhooks_idempotency";

    /** Leases and retentions beyond this are surely mistakes (and would overflow milliseconds). */
    private static final Duration MAX_DURATION = Duration.ofDays(3650);
    private static final int MAX_TOKEN_LENGTH = 64;
    /** Schema statements run at most this often when instances race to create them. */
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final TableName table;
    private final Duration retention;
    private final boolean createSchemaIfMissing;
    private final int purgeBatchSize;
    private final int queryTimeoutSeconds;
    private final Object initLock = new Object();
    private volatile Dialect dialect;

    private JdbcIdempotencyStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.retention = builder.retention;
        this.createSchemaIfMissing = builder.createSchemaIfMissing;
        this.purgeBatchSize = builder.purgeBatchSize;
        this.queryTimeoutSeconds = builder.queryTimeoutSeconds;
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

    /**
     * Connects once: detects the dialect, creates the table if {@link Builder#createSchemaIfMissing}
     * was set, and checks that the table exists with the expected columns. Optional (the first
     * claim does the same), but calling it at startup turns a missing table or an unsupported
     * database into a startup failure instead of failing webhooks.
     *
     * @throws IllegalStateException when the database is not supported, a connection is not in
     *         autocommit mode, or the table is missing or has other columns
     * @throws WebhookUnavailableException when the database cannot be reached
     */
    public void initialize() {
        dialect();
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        Objects.requireNonNull(key, "key");
        long leaseMillis = millis(lease, "lease");
        StoredKey stored = StoredKey.of(key);
        ClaimToken token = ClaimToken.random();
        Dialect sql = dialect();
        Optional<ClaimResult> result;
        try (Connection connection = connection()) {
            result = sql.claim(connection, stored, token, leaseMillis);
        } catch (SQLException e) {
            throw unavailable("claim the event", e);
        }
        return result.orElseThrow(() -> new WebhookUnavailableException("the idempotency key kept changing while it was"
                + " being claimed (claimed and released repeatedly by other deliveries); the delivery will be retried", null));
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        if (!couldBeOurs(token)) {
            return false;
        }
        Dialect sql = dialect();
        try (Connection connection = connection()) {
            return sql.complete(connection, StoredKey.of(key), token, retention.toMillis());
        } catch (SQLException e) {
            throw unavailable("record the completion", e);
        }
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        if (!couldBeOurs(token)) {
            return false;
        }
        Dialect sql = dialect();
        try (Connection connection = connection()) {
            return sql.release(connection, StoredKey.of(key), token);
        } catch (SQLException e) {
            throw unavailable("release the claim", e);
        }
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
        Dialect sql = dialect();
        long total = 0;
        try (Connection connection = connection()) {
            int deleted;
            do {
                deleted = sql.purgeBatch(connection, purgeBatchSize);
                total += deleted;
            } while (deleted == purgeBatchSize);
        } catch (SQLException e) {
            throw unavailable("purge expired rows", e);
        }
        return total;
    }

    /**
     * The table name, as used in SQL.
     *
     * @return the name
     */
    public String tableName() {
        return table.qualified();
    }

    /**
     * How long completed keys are remembered.
     *
     * @return the retention
     */
    public Duration retention() {
        return retention;
    }

    @Override
    public String toString() {
        // The DataSource's own toString may carry a URL with credentials: leave it out.
        Dialect known = dialect;
        return "JdbcIdempotencyStore[table=" + table.qualified() + ", retention=" + retention
                + ", dialect=" + (known == null ? "not yet detected" : known.name()) + "]";
    }

    private Dialect dialect() {
        Dialect known = dialect;
        if (known != null) {
            return known;
        }
        synchronized (initLock) {
            if (dialect == null) {
                dialect = detectAndPrepare();
            }
            return dialect;
        }
    }

    private Dialect detectAndPrepare() {
        try (Connection connection = connection()) {
            Dialect detected = Dialect.detect(connection.getMetaData(), table, queryTimeoutSeconds);
            if (createSchemaIfMissing) {
                createSchema(connection, detected);
            }
            try {
                detected.probe(connection);
            } catch (SQLException e) {
                if (!isSchemaError(e)) {
                    throw e;
                }
                throw new IllegalStateException("the idempotency table " + table.qualified() + " is missing or has other"
                        + " columns than schema version 1 (SQLState " + e.getSQLState() + "); create it with "
                        + Dialect.schemaResource(detected.name()) + " from the payhooks-jdbc jar (see its README), or"
                        + " build the store with createSchemaIfMissing(true)", e);
            }
            return detected;
        } catch (SQLException e) {
            throw unavailable("be reached to detect its dialect and check the table", e);
        }
    }

    private void createSchema(Connection connection, Dialect detected) throws SQLException {
        // Instances starting together race on each CREATE ... IF NOT EXISTS (PostgreSQL then
        // reports a unique violation on its catalog): an instance can lose the race for the table
        // and then for an index, so it tries again a few times; each later attempt finds more of
        // the schema in place.
        SQLException failure = null;
        for (int attempt = 0; attempt < SCHEMA_ATTEMPTS; attempt++) {
            try {
                runStatements(connection, detected);
                return;
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    throw e;
                }
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private void runStatements(Connection connection, Dialect detected) throws SQLException {
        for (String ddl : detected.schemaStatements()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl);
            }
        }
    }

    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw e;
        }
        if (!autoCommit) {
            // Never commit or roll back a connection we did not open a transaction on: it may be the
            // caller's own transaction handed out by a transaction-aware proxy.
            closeQuietly(connection, null);
            throw new IllegalStateException("the DataSource given to JdbcIdempotencyStore handed out a connection that is"
                    + " not in autocommit mode; give the store a plain connection pool (autoCommit=true), not a"
                    + " transaction-aware proxy, so that claims never join or commit an application transaction");
        }
        return connection;
    }

    private static void closeQuietly(Connection connection, SQLException pending) {
        try {
            connection.close();
        } catch (SQLException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            }
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        // Class 08: connection exception (SQL standard); the rest are statement-level errors.
        return state == null || state.startsWith("08");
    }

    private static boolean isSchemaError(SQLException e) {
        String state = e.getSQLState();
        // Class 42: syntax error or access rule violation (undefined table or column, no privilege).
        return state != null && state.startsWith("42");
    }

    private static WebhookUnavailableException unavailable(String what, SQLException e) {
        // The SQLState says what kind of failure it was; the driver's message (which may name the
        // host) stays in the cause, for the log.
        return new WebhookUnavailableException("the idempotency store's database could not " + what
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    private static boolean couldBeOurs(ClaimToken token) {
        // Our tokens are short ASCII; anything else cannot own a row, and binding it could make
        // the database reject the statement (PostgreSQL refuses NUL) and turn a "no" into a 503.
        String value = token.value();
        if (value.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static long millis(Duration duration, String name) {
        requireInRange(duration, name);
        // Round a sub-millisecond duration up rather than to zero.
        return Math.max(1, duration.toMillis());
    }

    private static void requireInRange(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION.toDays() + " days, was " + duration);
        }
    }

    /**
     * Builds a {@link JdbcIdempotencyStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final DataSource dataSource;
        private TableName table = TableName.of(DEFAULT_TABLE_NAME);
        private Duration retention = Duration.ofDays(7);
        private boolean createSchemaIfMissing;
        private int purgeBatchSize = 1_000;
        private int queryTimeoutSeconds = 5;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table (default {@value JdbcIdempotencyStore#DEFAULT_TABLE_NAME}). An unquoted SQL identifier, optionally
         * schema-qualified ({@code billing.payhooks_idempotency}); PostgreSQL folds it to lower
         * case and H2 to upper case, as for any unquoted name.
         *
         * @param tableName letters, digits and underscores, not starting with a digit, at most 48
         *        characters per part, not a reserved word
         * @return this builder
         * @throws IllegalArgumentException when the name is not such an identifier
         */
        public Builder tableName(String tableName) {
            this.table = TableName.of(tableName);
            return this;
        }

        /**
         * How long completed keys are remembered (default 7 days), measured from completion on the
         * database clock. Keep it longer than the provider retries (Stripe: 3 days) and longer than
         * the signature tolerance, so that a replayed delivery is either stale or a duplicate.
         * Applies to keys completed after the change.
         *
         * @param retention positive, at most 3,650 days
         * @return this builder
         */
        public Builder retention(Duration retention) {
            requireInRange(retention, "retention");
            this.retention = retention;
            return this;
        }

        /**
         * Whether to create the table and its index when they do not exist (default {@code false}:
         * schema changes are usually the migration tool's job). Runs the bundled versioned DDL
         * ({@code CREATE ... IF NOT EXISTS}) once, at {@link JdbcIdempotencyStore#initialize()} or the
         * first operation; needs the privilege to create tables.
         *
         * @param createSchemaIfMissing {@code true} to create the schema
         * @return this builder
         */
        public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
            this.createSchemaIfMissing = createSchemaIfMissing;
            return this;
        }

        /**
         * How many rows {@link JdbcIdempotencyStore#purgeExpired()} deletes per statement (default 1,000).
         *
         * @param purgeBatchSize at least 1
         * @return this builder
         */
        public Builder purgeBatchSize(int purgeBatchSize) {
            if (purgeBatchSize < 1) {
                throw new IllegalArgumentException("purgeBatchSize must be at least 1, was " + purgeBatchSize);
            }
            this.purgeBatchSize = purgeBatchSize;
            return this;
        }

        /**
         * How long one statement may run on PostgreSQL before the driver cancels it and the
         * delivery is answered 503 (default 5 seconds); keep it well below the provider's response
         * timeout. H2 runs in the application's process and bounds its waits with its own
         * {@code LOCK_TIMEOUT} setting instead.
         *
         * @param queryTimeout whole seconds, 1 to 300
         * @return this builder
         */
        public Builder queryTimeout(Duration queryTimeout) {
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            long seconds = queryTimeout.getSeconds();
            if (queryTimeout.getNano() != 0 || seconds < 1 || seconds > 300) {
                throw new IllegalArgumentException("queryTimeout must be a whole number of seconds from 1 to 300, was "
                        + queryTimeout);
            }
            this.queryTimeoutSeconds = (int) seconds;
            return this;
        }

        /**
         * The store. Does not connect: see {@link JdbcIdempotencyStore#initialize()}.
         *
         * @return a new store
         */
        public JdbcIdempotencyStore build() {
            return new JdbcIdempotencyStore(this);
        }
    }
}
