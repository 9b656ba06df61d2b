package dev.payhooks.jdbc;

import dev.payhooks.Event;
import dev.payhooks.WebhookUnavailableException;

import java.sql.Connection;

/**
 * A handler that writes to the database through the connection of the transaction in which
 * payhooks also records the event as done; register it with {@link JdbcTransactions#handler}.
 *
 * <pre>{@code
 * .on("refund.failed", JdbcTransactions.handler((event, connection) -> {
 *     try (PreparedStatement update = connection.prepareStatement(
 *             "UPDATE refunds SET status = 'failed' WHERE provider_refund_id = ?")) {
 *         update.setString(1, event.data(RefundView.class).id());
 *         update.executeUpdate();
 *     }
 * }))
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JdbcTransactionalHandler {

    /**
     * Handles the event inside the transaction. Do not commit, roll back, change the auto-commit
     * mode of, or close the connection: payhooks commits when the handler returns and rolls back
     * when it throws (those calls are refused, except {@code close()}, which does nothing).
     * Savepoints are allowed.
     *
     * @param event the event
     * @param connection the transaction's connection; valid only during this call
     * @throws WebhookUnavailableException when a dependency is unavailable (rolled back; 503)
     * @throws Exception to fail the delivery (rolled back; 500, the provider retries)
     */
    void handle(Event event, Connection connection) throws Exception;
}
