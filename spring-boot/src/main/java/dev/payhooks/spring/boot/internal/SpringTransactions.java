package dev.payhooks.spring.boot.internal;

import dev.payhooks.jdbc.TransactionRunner;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Optional;

/**
 * The JDBC store's and inbox's transactions on the application's {@link PlatformTransactionManager}:
 * each one is a new Spring transaction ({@code REQUIRES_NEW}, {@code READ COMMITTED}), and the
 * connection handed to the store is the one Spring bound to it ({@link DataSourceUtils}), so that a
 * handler's {@code JdbcTemplate}, {@code JdbcClient} or JPA writes on the same {@code DataSource}
 * join it. Loaded only when payhooks-jdbc, spring-jdbc and a transaction manager are present.
 */
final class SpringTransactions implements TransactionRunner {

    private final TransactionTemplate template;
    private final DataSource dataSource;

    private SpringTransactions(PlatformTransactionManager manager, DataSource dataSource) {
        this.template = new TransactionTemplate(manager);
        // A new transaction, as TransactionRunner requires, even if the calling thread had one.
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // What the store's first write and its wait on a concurrent duplicate need (jdbc/README.md).
        template.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        template.setName("payhooks");
        this.dataSource = dataSource;
    }

    /**
     * The runner on the application's one (or primary) transaction manager.
     *
     * @param beans the application's beans
     * @param dataSource the store's data source
     * @return the runner, or empty without a unique transaction manager
     */
    static Optional<TransactionRunner> of(ListableBeanFactory beans, DataSource dataSource) {
        PlatformTransactionManager manager = beans.getBeanProvider(PlatformTransactionManager.class).getIfUnique();
        return Optional.ofNullable(manager).map(m -> new SpringTransactions(m, dataSource));
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws Exception {
        try {
            return template.execute(status -> {
                // Bound by the transaction manager when it manages this DataSource; otherwise DataSourceUtils
                // would hand out a connection of its own, in auto-commit mode.
                boolean bound = TransactionSynchronizationManager.hasResource(dataSource);
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    if (!bound || connection.getAutoCommit()) {
                        // Writes on this connection would commit one by one, apart from the done record.
                        throw new IllegalStateException("the application's PlatformTransactionManager does not manage"
                                + " the DataSource the payhooks JDBC store uses, so handler writes could not share its"
                                + " transaction: make the transaction manager (e.g. a DataSourceTransactionManager or"
                                + " JpaTransactionManager) use that DataSource, or mark the right one @Primary");
                    }
                    return work.run(connection);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    // The template rolls back on unchecked exceptions only; unwrapped below.
                    throw new CheckedFromWork(e);
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            });
        } catch (CheckedFromWork e) {
            throw e.exception;
        }
    }

    @Override
    public String toString() {
        return "SpringTransactions[" + template.getTransactionManager() + "]";
    }

    /** Carries a checked exception of the work through the template, which then rolls back. */
    private static final class CheckedFromWork extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Exception exception;

        CheckedFromWork(Exception exception) {
            super(null, null, false, false);
            this.exception = exception;
        }
    }
}
