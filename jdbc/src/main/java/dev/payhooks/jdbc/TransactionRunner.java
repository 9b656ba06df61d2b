package dev.payhooks.jdbc;

import dev.payhooks.jdbc.internal.LocalTransactions;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Opens, commits and rolls back the transactions in which {@link JdbcIdempotencyStore} and
 * {@link JdbcInbox} record an event as done together with the writes of its
 * {@linkplain JdbcTransactions#handler transactional handlers}.
 *
 * <p>The default, {@link #localTransactions(DataSource)} on the store's own {@code DataSource},
 * takes a connection, turns auto-commit off, sets {@code READ COMMITTED}, and commits or rolls
 * back. An application whose transactions belong to a framework supplies its own runner, so that
 * the handler's ORM or template writes join the same transaction; with Spring, for example:
 *
 * <pre>{@code
 * TransactionTemplate template = new TransactionTemplate(transactionManager);
 * template.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
 * TransactionRunner spring = new TransactionRunner() {
 *     public <T> T inTransaction(Work<T> work) throws Exception {
 *         try {
 *             return template.execute(status -> {
 *                 try {
 *                     return work.run(DataSourceUtils.getConnection(dataSource));
 *                 } catch (Exception e) {                      // the template rolls back on a RuntimeException
 *                     throw new UndeclaredThrowableException(e);
 *                 }
 *             });
 *         } catch (UndeclaredThrowableException e) {
 *             throw (Exception) e.getCause();              // rethrow what the work threw, unchanged
 *         }
 *     }
 * };
 * JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).transactions(spring).build();
 * }</pre>
 *
 * <p>The runner's connections must reach the same database as the store's table: the done record
 * and the handler's writes are only atomic when they share one transaction.
 *
 * @since 0.1.0
 */
public interface TransactionRunner {

    /**
     * Work inside one transaction.
     *
     * @param <T> its result
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Work<T> {
        /**
         * Runs in the transaction.
         *
         * @param connection the transaction's connection, auto-commit off
         * @return the result
         * @throws Exception to roll the transaction back
         */
        T run(Connection connection) throws Exception;
    }

    /**
     * Runs the work in a new transaction: commits when it returns, rolls back when it throws and
     * rethrows what it threw. Must be a new transaction, not one the calling thread already has:
     * payhooks calls this from the receiver or an inbox worker, never from inside an application
     * transaction.
     *
     * @param work the work
     * @param <T> its result
     * @return its result, once committed
     * @throws Exception what the work, the commit or the connection threw
     */
    <T> T inTransaction(Work<T> work) throws Exception;

    /**
     * Plain JDBC transactions on a data source, at {@code READ COMMITTED}: each transaction takes
     * a connection in auto-commit mode (a connection that is already in a transaction is refused
     * with an {@link IllegalStateException}), turns auto-commit off, and restores auto-commit and
     * the isolation level before giving it back.
     *
     * @param dataSource normally the pool the store uses
     * @return the runner
     */
    static TransactionRunner localTransactions(DataSource dataSource) {
        return new LocalTransactions(dataSource);
    }
}
