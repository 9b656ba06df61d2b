package dev.payhooks.jdbc.internal;

import dev.payhooks.jdbc.TransactionRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * {@link TransactionRunner#localTransactions(DataSource)}: one JDBC transaction per call at
 * READ COMMITTED, the level the completion record needs (see {@link TransactionalDispatch}).
 */
public final class LocalTransactions implements TransactionRunner {

    private final DataSource dataSource;

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
            int isolation = connection.getTransactionIsolation();
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
