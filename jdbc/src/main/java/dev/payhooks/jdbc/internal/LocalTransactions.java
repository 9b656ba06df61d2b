package dev.payhooks.jdbc.internal;

import dev.payhooks.jdbc.TransactionRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * {@link TransactionRunner#localTransactions(DataSource)}: one JDBC transaction per call at
 * READ COMMITTED, the level the completion record needs (see {@link TransactionalDispatch}).
 */
public final class LocalTransactions implements TransactionRunner {

    private final DataSource dataSource;
    /**
     * The isolation level each physical connection was found at, so that it is asked for once per
     * connection rather than once per transaction (on PostgreSQL the question is a round trip,
     * {@code SHOW TRANSACTION ISOLATION LEVEL}, that would cost every event as much as a
     * statement). Every transaction here gives the connection back at the level it found, so an
     * entry stays true unless the application changes a pooled connection's level and hands it
     * back so (HikariCP resets such changes when a connection is returned). Even then nothing runs
     * twice: at a stricter level a conflicting dispatch fails to serialize and is answered "in
     * progress", and the provider retries it. Weak keys: a connection the pool closes is forgotten.
     */
    private final Map<Connection, Integer> foundIsolation = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Transactions on a data source.
     *
     * @param dataSource the data source
     */
    public LocalTransactions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws Exception {
        Objects.requireNonNull(work, "work");
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                // Someone else's transaction (a transaction-aware proxy): never end it for them.
                throw new IllegalStateException("the DataSource handed out a connection that is already in a"
                        + " transaction (autoCommit=false); give payhooks-jdbc a plain connection pool, or supply a"
                        + " TransactionRunner that uses your transaction manager");
            }
            int isolation = isolation(connection);
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (Throwable e) {
                rollbackQuietly(connection, e);
                restoreQuietly(connection, isolation);
                throw e;
            }
            restoreQuietly(connection, isolation);
            return result;
        }
    }

    private int isolation(Connection connection) throws SQLException {
        Connection physical = physical(connection);
        Integer found = foundIsolation.get(physical);
        if (found == null) {
            found = connection.getTransactionIsolation();
            foundIsolation.put(physical, found);
        }
        return found;
    }

    /** The driver's connection behind a pool's proxy, or the connection itself when it does not say. */
    private static Connection physical(Connection connection) {
        try {
            return connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
        } catch (SQLException | RuntimeException e) {
            return connection;
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable pending) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            pending.addSuppressed(e);
        }
    }

    /**
     * Gives the pool the connection back as it came: auto-commit on, its isolation level. A
     * connection that cannot be reset is broken; the outcome is already decided, and the pool's
     * own validation discards it.
     */
    private static void restoreQuietly(Connection connection, int isolation) {
        try {
            connection.setAutoCommit(true);
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException | RuntimeException e) {
            // See above.
        }
    }

    @Override
    public String toString() {
        return "TransactionRunner.localTransactions";
    }
}
