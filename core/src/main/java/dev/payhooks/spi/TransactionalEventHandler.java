package dev.payhooks.spi;

import dev.payhooks.EventHandler;
import dev.payhooks.WebhookReceiver;

/**
 * A handler whose database writes must commit in the same transaction as the record that its
 * event is done: either both commit or neither does, so a crash, a redelivery or a concurrent
 * delivery never leaves its writes twice (exactly-once effects on that database).
 *
 * <p>Merchants do not implement this: a store module hands out such handlers, for example
 * {@code JdbcTransactions.handler((event, connection) -> ...)} from payhooks-jdbc, and the
 * receiver runs them through the store's {@link TransactionalIdempotencyStore} (synchronous
 * processing) or the inbox's {@link TransactionalInbox} (inbox processing). A receiver that has
 * such a handler but neither is refused by {@link WebhookReceiver.Builder#build()}.
 *
 * <p>When an event's handlers include one of these, all of that event's handlers run inside the
 * transaction; ordinary handlers among them keep their at-least-once effects (their calls to other
 * systems are not rolled back).
 *
 * @since 0.1.0
 */
public interface TransactionalEventHandler extends EventHandler {
}
