package dev.payhooks.spring.boot.internal;

import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.jdbc.JdbcInbox;
import dev.payhooks.jdbc.JdbcTransactions;
import dev.payhooks.jdbc.TransactionRunner;
import dev.payhooks.EventHandler;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;
import dev.payhooks.spring.boot.PayhooksConfigurationException;
import dev.payhooks.spring.boot.PayhooksProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JDBC store and inbox; loaded only when payhooks-jdbc is on the class path. */
final class JdbcSupport {

    private static final Logger log = LoggerFactory.getLogger(JdbcSupport.class);

    private JdbcSupport() {
    }

    /**
     * The store and the inboxes on the data source.
     *
     * Transactional handlers run in the application's {@code PlatformTransactionManager}'s
     * transactions when spring-jdbc and a unique transaction manager are present, else in payhooks'
     * own JDBC transactions on the data source.
     */
    static StoreSetup setup(DataSource dataSource, PayhooksProperties.Jdbc properties, boolean inboxMode,
            ListableBeanFactory beans, ClassLoader classLoader, List<String> transactionalHandlers) {
        TransactionRunner found = null;
        if (ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils", classLoader)
                && ClassUtils.isPresent("org.springframework.transaction.support.TransactionTemplate", classLoader)) {
            found = SpringTransactions.of(beans, dataSource).orElse(null);
        }
        if (!transactionalHandlers.isEmpty()) {
            String methods = String.join(", ", transactionalHandlers);
            if (found == null) {
                // The methods get no connection: without Spring's transactions their writes could not join.
                throw new PayhooksConfigurationException("@WebhookHandler(transactional = true) on " + methods + " needs"
                        + " the application's PlatformTransactionManager (one, or one @Primary) and spring-jdbc, so that"
                        + " the method's JdbcTemplate or JPA writes join the store's transaction: add"
                        + " spring-boot-starter-jdbc (or spring-boot-starter-data-jpa)");
            }
            try {
                found.inTransaction(connection -> null);
            } catch (Exception e) {
                throw new PayhooksConfigurationException("@WebhookHandler(transactional = true) on " + methods + ": the"
                        + " store could not open a transaction with the application's PlatformTransactionManager: "
                        + e.getMessage(), e);
            }
        }
        TransactionRunner transactions = found != null ? found : TransactionRunner.localTransactions(dataSource);
        log.debug("payhooks JDBC transactions: {}", transactions);
        IdempotencyStore store = null;
        if (!inboxMode) {
            JdbcIdempotencyStore jdbcStore = JdbcIdempotencyStore.builder(dataSource)
                    .tableName(properties.getTable())
                    .transactions(transactions)
                    .createSchemaIfMissing(properties.isCreateSchema())
                    .build();
            jdbcStore.initialize();
            store = jdbcStore;
        }
        return new StoreSetup("jdbc", store,
                endpointAndTable -> {
                    JdbcInbox inbox = JdbcInbox.builder(dataSource)
                            .tableName(endpointAndTable[1] != null ? endpointAndTable[1] : JdbcInbox.DEFAULT_TABLE_NAME)
                            .createSchemaIfMissing(properties.isCreateSchema())
                            .transactions(transactions)
                            .build();
                    inbox.initialize();
                    return inbox;
                },
                () -> {
                    try (Connection connection = dataSource.getConnection()) {
                        if (!connection.isValid(5)) {
                            throw new IllegalStateException("the database connection is not valid");
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException("the database cannot be reached (" + e.getClass().getName() + ")", e);
                    }
                },
                JdbcSupport::stats);
    }

    /**
     * A {@code transactional = true} handler method: run by the store (or inbox) inside the
     * transaction that records the event as done. The method ignores the connection: its
     * JdbcTemplate or JPA finds the transaction through Spring (see {@link SpringTransactions}).
     */
    static EventHandler transactional(HandlerMethod method) {
        return JdbcTransactions.handler((event, connection) -> method.handle(event));
    }

    /** The inbox's own {@code stats()}, else the JDBC inbox's counts (which tell no pending age). */
    private static Optional<InboxFigures> stats(Inbox inbox) {
        Optional<InboxStats> own = inbox.stats();
        if (own.isPresent() || !(inbox instanceof JdbcInbox jdbc)) {
            return own.map(InboxFigures::of);
        }
        Map<InboxMessage.Status, Long> counts = jdbc.counts();
        return Optional.of(new InboxFigures(counts.getOrDefault(InboxMessage.Status.PENDING, 0L),
                counts.getOrDefault(InboxMessage.Status.RUNNING, 0L),
                counts.getOrDefault(InboxMessage.Status.DEAD, 0L), Optional.empty()));
    }
}
