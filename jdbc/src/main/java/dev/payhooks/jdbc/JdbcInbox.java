package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.InboxSql;
import dev.payhooks.jdbc.internal.TableName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
public final class JdbcInbox implements Inbox {

    /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
    public static final String DEFAULT_TABLE_NAME = "payhooks_inbox";

    private static final Duration MAX_DURATION = Duration.ofDays(3650);
    private static final int PURGE_BATCH = 1_000;
    private static final int MAX_TOKEN_LENGTH = 64;
    /** Schema statements run at most this often when instances race to create them. */
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final TableName table;
    private final boolean createSchemaIfMissing;
    private final int queryTimeoutSeconds;
    private final Object initLock = new Object();
    private volatile InboxSql sql;

    private JdbcInbox(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.createSchemaIfMissing = builder.createSchemaIfMissing;
        this.queryTimeoutSeconds = builder.queryTimeoutSeconds;
    }

    /**
     * A builder for an inbox on the given data source, with the table {@value #DEFAULT_TABLE_NAME},
     * no schema creation and a 5-second query timeout.
     *
     * @param dataSource where the table lives; normally a connection pool
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Connects once: detects the dialect, creates the table if asked to, and checks that the table
     * exists with the expected columns. Optional (the first call does the same).
     *
     * @throws IllegalStateException when the database is not supported, a connection is not in
     *         autocommit mode, or the table is missing or has other columns
     * @throws WebhookUnavailableException when the database cannot be reached
     */
    public void initialize() {
        sql();
    }

    @Override
    public boolean store(InboxMessage message) {
        Objects.requireNonNull(message, "message");
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.store(connection, message);
        } catch (SQLException e) {
            throw unavailable("store the delivery", e);
        }
    }

    @Override
    public List<InboxMessage> claimDue(int max, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        long leaseMillis = millis(lease, "lease");
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.claim(connection, max, leaseMillis, ClaimToken.random());
        } catch (SQLException e) {
            throw unavailable("claim due rows", e);
        }
    }

    @Override
    public boolean markDone(InboxMessage message) {
        Optional<Owned> owned = owned(message);
        if (owned.isEmpty()) {
            return false;
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.done(connection, owned.get().id(), owned.get().token());
        } catch (SQLException e) {
            throw unavailable("mark row " + message.id() + " done", e);
        }
    }

    @Override
    public boolean markRetry(InboxMessage message, Duration delay, String error) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(error, "error");
        if (delay.isNegative() || delay.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("delay must be from 0 to " + MAX_DURATION.toDays() + " days, was " + delay);
        }
        Optional<Owned> owned = owned(message);
        if (owned.isEmpty()) {
            return false;
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.retry(connection, owned.get().id(), owned.get().token(), delay.toMillis(), error);
        } catch (SQLException e) {
            throw unavailable("schedule a retry of row " + message.id(), e);
        }
    }

    @Override
    public boolean markDead(InboxMessage message, String error) {
        Objects.requireNonNull(error, "error");
        Optional<Owned> owned = owned(message);
        if (owned.isEmpty()) {
            return false;
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.dead(connection, owned.get().id(), owned.get().token(), error);
        } catch (SQLException e) {
            throw unavailable("mark row " + message.id() + " dead", e);
        }
    }

    @Override
    public boolean release(InboxMessage message) {
        Optional<Owned> owned = owned(message);
        if (owned.isEmpty()) {
            return false;
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.release(connection, owned.get().id(), owned.get().token());
        } catch (SQLException e) {
            throw unavailable("release row " + message.id(), e);
        }
    }

    @Override
    public List<InboxMessage> listDead(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.listDead(connection, limit);
        } catch (SQLException e) {
            throw unavailable("list dead rows", e);
        }
    }

    @Override
    public boolean replayDeadWithoutReverifying(String id) {
        Objects.requireNonNull(id, "id");
        Long rowId = parseId(id);
        if (rowId == null) {
            return false;
        }
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.replay(connection, rowId) == 1;
        } catch (SQLException e) {
            throw unavailable("replay row " + rowId, e);
        }
    }

    @Override
    public int replayAllDeadWithoutReverifying() {
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.replay(connection, null);
        } catch (SQLException e) {
            throw unavailable("replay dead rows", e);
        }
    }

    @Override
    public int purgeDone(Duration retention) {
        long retentionMillis = millis(retention, "retention");
        InboxSql dialect = sql();
        int total = 0;
        try (Connection connection = connection()) {
            int deleted;
            do {
                deleted = dialect.purgeBatch(connection, retentionMillis, PURGE_BATCH);
                total += deleted;
            } while (deleted == PURGE_BATCH);
        } catch (SQLException e) {
            throw unavailable("purge done rows", e);
        }
        return total;
    }

    /**
     * How many rows are in each state, for operations and monitoring (a growing number of dead
     * rows needs a human; a growing number of pending rows needs more workers).
     *
     * @return every status with its count
     * @throws WebhookUnavailableException when the database fails
     */
    public Map<InboxMessage.Status, Long> counts() {
        InboxSql dialect = sql();
        try (Connection connection = connection()) {
            return dialect.counts(connection);
        } catch (SQLException e) {
            throw unavailable("count rows", e);
        }
    }

    /**
     * The table name, as used in SQL.
     *
     * @return the name
     */
    public String tableName() {
        return table.qualified();
    }

    @Override
    public String toString() {
        // The DataSource's own toString may carry a URL with credentials: leave it out.
        InboxSql known = sql;
        return "JdbcInbox[table=" + table.qualified() + ", dialect=" + (known == null ? "not yet detected" : known.name()) + "]";
    }

    private InboxSql sql() {
        InboxSql known = sql;
        if (known != null) {
            return known;
        }
        synchronized (initLock) {
            if (sql == null) {
                sql = detectAndPrepare();
            }
            return sql;
        }
    }

    private InboxSql detectAndPrepare() {
        try (Connection connection = connection()) {
            InboxSql detected = InboxSql.detect(connection.getMetaData(), table, queryTimeoutSeconds);
            if (createSchemaIfMissing) {
                createSchema(connection, detected);
            }
            try {
                detected.probe(connection);
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (state == null || !state.startsWith("42")) {
                    throw e;
                }
                throw new IllegalStateException("the inbox table " + table.qualified() + " is missing or has other columns"
                        + " than schema version 1 (SQLState " + state + "); create it with "
                        + InboxSql.schemaResource(detected.name()) + " from the payhooks-jdbc jar (see its README), or build"
                        + " the inbox with createSchemaIfMissing(true)", e);
            }
            return detected;
        } catch (SQLException e) {
            throw unavailable("be reached to detect its dialect and check the table", e);
        }
    }

    private static void createSchema(Connection connection, InboxSql detected) throws SQLException {
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
                String state = e.getSQLState();
                if (state == null || state.startsWith("08")) {
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

    private static void runStatements(Connection connection, InboxSql detected) throws SQLException {
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
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (!autoCommit) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Refused either way; the message below says why.
            }
            throw new IllegalStateException("the DataSource given to JdbcInbox handed out a connection that is not in"
                    + " autocommit mode; give the inbox a plain connection pool (autoCommit=true), not a"
                    + " transaction-aware proxy, so that a stored delivery is committed before it is acknowledged");
        }
        return connection;
    }

    private static WebhookUnavailableException unavailable(String what, SQLException e) {
        // The driver's message (which may name the host) stays in the cause, for the log.
        return new WebhookUnavailableException("the inbox's database could not " + what + " (SQLState "
                + e.getSQLState() + ")", e);
    }

    private static Optional<Owned> owned(InboxMessage message) {
        Objects.requireNonNull(message, "message");
        Long id = parseId(message.id());
        Optional<ClaimToken> token = message.claimToken();
        if (id == null || token.isEmpty() || !couldBeOurs(token.get())) {
            return Optional.empty();
        }
        return Optional.of(new Owned(id, token.get()));
    }

    private static Long parseId(String id) {
        if (id.isEmpty() || id.length() > 19) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean couldBeOurs(ClaimToken token) {
        // Our tokens are short ASCII; binding anything else could make PostgreSQL reject the
        // statement (NUL) and turn a "no" into an outage.
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
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION.toDays() + " days, was " + duration);
        }
        return Math.max(1, duration.toMillis());
    }

    private record Owned(long id, ClaimToken token) {
    }

    /**
     * Builds a {@link JdbcInbox}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final DataSource dataSource;
        private TableName table = TableName.of(DEFAULT_TABLE_NAME);
        private boolean createSchemaIfMissing;
        private int queryTimeoutSeconds = 5;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table (default {@value JdbcInbox#DEFAULT_TABLE_NAME}): an unquoted SQL identifier,
         * optionally schema-qualified, as for {@link JdbcIdempotencyStore.Builder#tableName(String)}.
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
         * Whether to create the table and its indexes when they do not exist (default
         * {@code false}: schema changes are usually the migration tool's job).
         *
         * @param createSchemaIfMissing {@code true} to create the schema
         * @return this builder
         */
        public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
            this.createSchemaIfMissing = createSchemaIfMissing;
            return this;
        }

        /**
         * How long one statement may run on PostgreSQL before the driver cancels it (default 5
         * seconds); a store that times out is answered 503. Keep it well below the provider's
         * response timeout. H2 bounds its waits with its own {@code LOCK_TIMEOUT} instead.
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
         * The inbox. Does not connect: see {@link JdbcInbox#initialize()}.
         *
         * @return a new inbox
         */
        public JdbcInbox build() {
            return new JdbcInbox(this);
        }
    }
}
