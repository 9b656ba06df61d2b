package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookUnavailableException;

/**
 * Where a receiver in asynchronous mode hands a verified delivery before it answers the provider:
 * an {@link Inbox} table (payhooks-jdbc) or a log (payhooks-kafka). With one configured
 * ({@link WebhookReceiver.Builder#inbox(DeliveryHandoff)}), the receiver verifies, decodes and
 * filters the delivery, calls {@link #handOff}, and answers {@link dev.payhooks.Outcome#QUEUED}
 * only when it returned; workers run the handlers later.
 *
 * <p>The contract is the one promise the provider relies on: <b>return only once the delivery is
 * durable</b> (the row committed, the broker's acknowledgement received). When that cannot be
 * known within the implementation's own deadline, throw {@link WebhookUnavailableException}: the
 * receiver answers 503 with {@code Retry-After} and the provider delivers again later. Never
 * return for a delivery that might not have been kept.
 *
 * <p>This is the write side of {@link Inbox} alone, so that a destination with no rows to claim
 * (a Kafka topic read by a consumer group) fits without pretending to be an inbox. Implementations
 * are thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeliveryHandoff {

    /**
     * Keeps a verified delivery durably before the receiver answers.
     *
     * @param message the delivery: raw body, the headers worth keeping (never signature or
     *                credential headers), provider, tenant, idempotency key, event id and type,
     *                receive time ({@link InboxMessage.Status#PENDING}, no attempts, id ignored)
     * @param event the decoded event the message carries, for destinations that derive a key
     *              from it (a Kafka record key, an ordering key); not to be kept
     * @return {@code true} if kept now, {@code false} if the destination already had it (a
     *         duplicate, acknowledged without keeping it again)
     * @throws WebhookUnavailableException when the delivery could not be made durable in time;
     *         the provider is answered 503 and retries
     */
    boolean handOff(InboxMessage message, Event event);
}
