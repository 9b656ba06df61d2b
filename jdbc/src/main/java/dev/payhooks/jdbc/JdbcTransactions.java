package dev.payhooks.jdbc;

import dev.payhooks.Event;
import dev.payhooks.jdbc.internal.CurrentTransaction;
import dev.payhooks.spi.TransactionalEventHandler;

import java.sql.Connection;
import java.util.Objects;

/**
 * Transactional handlers for {@link JdbcIdempotencyStore} and {@link JdbcInbox}: the handler's
 * writes and the record that the event is done commit in one transaction, so each event's writes
 * happen exactly once in that database, even when the process is killed, the provider redelivers,
 * or deliveries of one event arrive at once.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *         .idempotencyStore(JdbcIdempotencyStore.builder(dataSource).build())
 *         .on("refund.failed", JdbcTransactions.handler((event, connection) -> {
 *             try (PreparedStatement update = connection.prepareStatement(
 *                     "UPDATE refunds SET status = 'failed' WHERE provider_refund_id = ?")) {
 *                 update.setString(1, event.data(RefundView.class).id());
 *                 update.executeUpdate();
 *             }
 *         }))
 *         .build();
 * }</pre>
 *
 * <p>What it guarantees, and what not: only writes made through the given connection are part of
 * the transaction. A call to another system (an e-mail, a provider API, a message broker) from the
 * same handler is not rolled back and may happen more than once, as with an ordinary handler.
 *
 * @since 0.1.0
 */
public final class JdbcTransactions {

    private JdbcTransactions() {
    }

    /**
     * A handler that runs inside the store's (or inbox's) transaction with its connection.
     * Register it with {@code WebhookReceiver.Builder.on(type, handler)}; the receiver must use a
     * {@link JdbcIdempotencyStore} or a {@link JdbcInbox} (anything else is refused when the
     * receiver is built).
     *
     * @param handler the handler
     * @return a handler the receiver runs in the transaction
     */
    public static TransactionalEventHandler handler(JdbcTransactionalHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new TransactionalEventHandler() {
            @Override
            public void handle(Event event) throws Exception {
                Connection connection = CurrentTransaction.connection().orElseThrow(() -> new IllegalStateException(
                        "a JdbcTransactions handler ran outside a payhooks-jdbc transaction; register it on a"
                                + " receiver whose idempotency store is a JdbcIdempotencyStore or whose inbox is a JdbcInbox,"
                                + " and do not call it yourself"));
                handler.handle(event, connection);
            }

            @Override
            public String toString() {
                return "JdbcTransactions.handler[" + handler + "]";
            }
        };
    }
}
