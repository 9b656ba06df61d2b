package dev.payhooks.jdbc.internal;

import dev.payhooks.WebhookUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The plumbing every payhooks table shares: one {@link DataSource}, the dialect learned on the
 * first use (and, if asked, the schema created), a connection in autocommit mode per call, and the
 * translation of database failures into the library's exceptions. Thread-safe.
 *
 * <p>Failures: a connection or statement failure ({@link SQLException}) becomes a
 * {@link WebhookUnavailableException} (the receiver answers 503 and the provider retries); a
 * configuration mistake (unsupported database, a connection not in autocommit mode, a missing
 * table) is an {@link IllegalStateException} that says how to fix it.
 *
 * @param <S> the table's statements
 */
public final class Database<S extends TableSql> {

    /** Schema statements run at most this often when instances race to create them. */
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Role<S> role;
    private final Options.Settings settings;
    private final TableName table;
    private final Object initLock = new Object();
    private volatile S statements;

    /**
     * Plumbing for one table. Does not connect.
     *
     * @param dataSource where the table lives
     * @param options the builder's options, as they are now
     * @param role which table it is
     */
    public Database(DataSource dataSource, Options options, Role<S> role) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.role = role;
        this.settings = options.settings();
        this.table = settings.table();
    }

    /**
     * Work on one borrowed connection.
     *
     * @param <S> the table's statements
     * @param <T> the result
     */
    @FunctionalInterface
    public interface Work<S, T> {
        /**
         * Runs the statements.
         *
         * @param statements the table's statements
         * @param connection a connection in autocommit mode, closed afterwards
         * @return the result
         * @throws SQLException when the database fails
         */
        T run(S statements, Connection connection) throws SQLException;
    }

    /**
     * One batch of a purge.
     *
     * @param <S> the table's statements
     */
    @FunctionalInterface
    public interface Batch<S> {
        /**
         * Deletes at most {@code batchSize} rows.
         *
         * @param statements the table's statements
         * @param connection a connection in autocommit mode
         * @param batchSize the most rows to delete
         * @return how many were deleted
         * @throws SQLException when the database fails
         */
        int delete(S statements, Connection connection, int batchSize) throws SQLException;
    }

    /**
     * Connects once, if that has not happened: detects the dialect, creates the schema if asked
     * to, and checks the table.
     *
     * @throws IllegalStateException when the database is not supported, a connection is not in
     *         autocommit mode, or the table is missing or has other columns
     * @throws WebhookUnavailableException when the database cannot be reached
     */
    public void initialize() {
        statements();
    }

    /**
     * Runs work on a connection borrowed for it alone.
     *
     * @param what what the work does, for the message of a failure ("could not ...")
     * @param work the work
     * @param <T> its result
     * @return its result
     * @throws WebhookUnavailableException when the database fails
     * @throws IllegalStateException as for {@link #initialize()}
     */
    public <T> T call(String what, Work<? super S, T> work) {
        S known = statements();
        try (Connection connection = connection()) {
            return work.run(known, connection);
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * Deletes in batches of the builder's {@code purgeBatchSize}, each batch its own short
     * statement so that no purge holds many locks for long, until a batch deletes fewer.
     *
     * @param what what the purge deletes, for the message of a failure
     * @param batch one batch
     * @return how many rows were deleted in all
     * @throws WebhookUnavailableException when the database fails (earlier batches stay deleted)
     */
    public long purge(String what, Batch<? super S> batch) {
        return call("purge " + what, (known, connection) -> {
            long total = 0;
            int deleted;
            do {
                deleted = batch.delete(known, connection, settings.purgeBatchSize());
                total += deleted;
            } while (deleted == settings.purgeBatchSize());
            return total;
        });
    }

    /**
     * The table's statements, connecting once first if that has not happened.
     *
     * @return the statements
     * @throws IllegalStateException as for {@link #initialize()}
     * @throws WebhookUnavailableException when the database cannot be reached
     */
    public S prepared() {
        return statements();
    }

    /**
     * The table.
     *
     * @return its validated name
     */
    public TableName table() {
        return table;
    }

    /**
     * The dialect's name, without connecting.
     *
     * @return e.g. {@code postgresql}, or {@code not yet detected}
     */
    public String dialectName() {
        S known = statements;
        return known == null ? "not yet detected" : known.dialectName();
    }

    private S statements() {
        S known = statements;
        if (known != null) {
            return known;
        }
        synchronized (initLock) {
            if (statements == null) {
                statements = detectAndPrepare();
            }
            return statements;
        }
    }

    private S detectAndPrepare() {
        try (Connection connection = connection()) {
            S detected = role.statements().build(dialect(connection.getMetaData()), table, settings.queryTimeoutSeconds());
            if (settings.createSchemaIfMissing()) {
                createSchema(connection, detected);
            }
            try {
                detected.probe(connection);
            } catch (SQLException e) {
                if (!SqlStates.isSchemaError(e)) {
                    throw e;
                }
                throw new IllegalStateException("the " + role.noun() + "'s table " + table.qualified() + " is missing or"
                        + " has other columns than schema version 1 (SQLState " + e.getSQLState() + "); create it with "
                        + detected.schemaResource() + " from the payhooks-jdbc jar (see its README), or build the "
                        + role.owner() + " with createSchemaIfMissing(true)", e);
            }
            return detected;
        } catch (SQLException e) {
            throw unavailable("be reached to detect its dialect and check the table", e);
        }
    }

    private Dialect dialect(DatabaseMetaData metaData) throws SQLException {
        return Dialect.detect(metaData).orElseThrow(() -> {
            String product;
            try {
                product = "'" + metaData.getDatabaseProductName() + "' " + metaData.getDatabaseProductVersion();
            } catch (SQLException e) {
                product = "an unknown product";
            }
            return new IllegalStateException("payhooks-jdbc supports " + Dialect.supportedProducts() + ", but this"
                    + " DataSource connects to " + product + "; use one of those, or implement " + role.spi()
                    + " for your database and run the " + role.contract() + " tests against it");
        });
    }

    private static void createSchema(Connection connection, TableSql detected) throws SQLException {
        // Instances starting together race on each CREATE ... IF NOT EXISTS (PostgreSQL then
        // reports a unique violation on its catalog): an instance can lose the race for the table
        // and then for an index, so it tries again a few times; each later attempt finds more of
        // the schema in place.
        SQLException failure = null;
        for (int attempt = 0; attempt < SCHEMA_ATTEMPTS; attempt++) {
            try {
                for (String ddl : detected.schemaStatements()) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(ddl);
                    }
                }
                return;
            } catch (SQLException e) {
                if (SqlStates.isConnectionFailure(e)) {
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
            throw new IllegalStateException("the DataSource given to " + role.owner() + " handed out a connection that is"
                    + " not in autocommit mode; give it a plain connection pool (autoCommit=true), not a"
                    + " transaction-aware proxy, so that each of its statements commits on its own: a claim or a stored"
                    + " delivery is then durable before the webhook is answered, and never joins, commits or rolls"
                    + " back an application transaction");
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

    /**
     * A database failure as the library reports it.
     *
     * @param what what could not be done ("could not ...")
     * @param e the failure
     * @return the exception to throw
     */
    public WebhookUnavailableException unavailable(String what, SQLException e) {
        // The SQLState says what kind of failure it was; the driver's message (which may name the
        // host) stays in the cause, for the log.
        return new WebhookUnavailableException("the " + role.noun() + "'s database could not " + what
                + " (SQLState " + e.getSQLState() + ")", e);
    }
}
