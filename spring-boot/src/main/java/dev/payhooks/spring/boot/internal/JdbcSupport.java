package dev.payhooks.spring.boot.internal;

import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.jdbc.JdbcInbox;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;
import dev.payhooks.spring.boot.PayhooksProperties;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** The JDBC store and inbox; loaded only when payhooks-jdbc is on the class path. */
final class JdbcSupport {

    private JdbcSupport() {
    }

    static StoreSetup setup(DataSource dataSource, PayhooksProperties.Jdbc properties, boolean inboxMode) {
        IdempotencyStore store = null;
        if (!inboxMode) {
            JdbcIdempotencyStore jdbcStore = JdbcIdempotencyStore.builder(dataSource)
                    .tableName(properties.getTable())
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
