package dev.payhooks.kafka;

import dev.payhooks.Event;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.kafka.internal.ClientConfigs;
import dev.payhooks.kafka.internal.DeliveryRecords;
import dev.payhooks.spi.DeliveryHandoff;
import dev.payhooks.spi.InboxMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Hands verified deliveries to a Kafka topic, and lets the receiver answer only once the broker
 * acknowledged them: the producer is idempotent with {@code acks=all}, so an acknowledged record
 * is on every in-sync replica. When no acknowledgement arrives within {@link Builder#ackTimeout}
 * (the broker is down, the topic is missing, the cluster lost its quorum), {@link #handOff} throws
 * {@link WebhookUnavailableException} and the provider is answered 503 with {@code Retry-After}:
 * nothing is acknowledged that is not in the log.
 *
 * <pre>{@code
 * KafkaHandoff kafka = KafkaHandoff.builder(Map.of("bootstrap.servers", "kafka-1:9092,kafka-2:9092"))
 *         .topic("payhooks.deliveries")
 *         .build();
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(secret))
 *         .inbox(kafka)                    // answer 200 once the broker has it
 *         .on("refund.failed", refunds::markFailed)
 *         .build();
 * // on any number of machines: KafkaWorker.builder(receiver, settings).idempotencyStore(jdbc).build().start();
 * }</pre>
 *
 * <p>A record's key is the delivery's <b>ordering key</b>, so that every event about one object
 * lands in one partition and is handled in log order (default: the {@code id} of the event's data
 * object, such as a Stripe {@code data.object.id}, else the event id; see {@link Builder#orderingKey}).
 * Its value is the raw body exactly as verified; the envelope (provider, tenant, idempotency key,
 * event id and type, receive time) and the delivery's headers other than signatures and credentials
 * travel as record headers.
 *
 * <p>A delivery that timed out may still reach the log later (the producer keeps retrying it until
 * its delivery timeout); the provider's retry is then a second copy, which the worker's idempotency
 * store absorbs. Thread-safe; {@link #close()} closes the producer.
 *
 * @since 0.1.0
 */
public final class KafkaHandoff implements DeliveryHandoff, AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final Function<Event, String> orderingKey;

    private KafkaHandoff(Builder b) {
        Map<String, Object> required = new HashMap<>();
        required.put("enable.idempotence", "true");
        required.put("acks", "all");
        required.put("key.serializer", ByteArraySerializer.class.getName());
        required.put("value.serializer", ByteArraySerializer.class.getName());
        Map<String, Object> config = ClientConfigs.merge(b.config, required,
                "a delivery is acknowledged to the provider only once every in-sync replica has it, exactly once");
        // send() may block for metadata (the broker unknown or down): never longer than the answer's deadline.
        config.putIfAbsent("max.block.ms", Long.toString(b.ackTimeout.toMillis()));
        this.producer = new KafkaProducer<>(config);
        this.topic = b.topic;
        this.ackTimeout = b.ackTimeout;
        this.orderingKey = b.orderingKey;
    }

    /**
     * A builder.
     *
     * @param kafkaSettings the producer settings: at least {@code bootstrap.servers}; add security
     *                      settings as your cluster needs. {@code acks}, {@code enable.idempotence}
     *                      and the serializers are payhooks' own (a different value is refused).
     * @return a new builder
     */
    public static Builder builder(Map<String, ?> kafkaSettings) {
        return new Builder(kafkaSettings);
    }

    /**
     * The default ordering key: the object the event is about as its provider's decoder names it
     * for the ordering guard ({@link Event#orderingObject()}: Stripe's {@code data.object}, a thin
     * event's related object, Omise's object in {@code data}), else the {@code id} of the event's
     * data object when the provider sends one, else the event id.
     *
     * @param event the event
     * @return the key
     */
    public static String defaultOrderingKey(Event event) {
        java.util.Optional<dev.payhooks.ObjectRef> object = event.orderingObject();
        if (object.isPresent()) {
            return event.provider() + ":" + event.tenant().orElse("") + ":" + object.get().type() + ":" + object.get().id();
        }
        String pointer = event.dataPointer();
        if (pointer != null && !pointer.isEmpty()) {
            java.util.Optional<String> id = event.at(pointer + "/id");
            if (id.isPresent() && !id.get().isEmpty()) {
                return event.provider() + ":" + event.tenant().orElse("") + ":" + id.get();
            }
        }
        return event.provider() + ":" + event.tenant().orElse("") + ":" + event.id();
    }

    /**
     * Produces the delivery and waits for the broker's acknowledgement, at most the ack timeout.
     *
     * @return {@code true}: a log has no duplicate check at write time (the worker deduplicates)
     * @throws WebhookUnavailableException when the broker did not acknowledge in time or refused
     */
    @Override
    public boolean handOff(InboxMessage message, Event event) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(event, "event");
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        String key = orderingKey.apply(event);
        if (key == null || key.isEmpty()) {
            key = event.id();
        }
        Future<RecordMetadata> sent;
        try {
            sent = producer.send(DeliveryRecords.toRecord(topic, key, message));
        } catch (RuntimeException e) {
            throw new WebhookUnavailableException("Kafka refused the record for topic '" + topic + "': "
                    + e.getClass().getName(), e);
        }
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            throw new WebhookUnavailableException("Kafka did not acknowledge the record for topic '" + topic + "' within "
                    + ackTimeout + " (is the broker reachable and the topic created?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new WebhookUnavailableException("Kafka could not store the record for topic '" + topic + "': "
                    + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookUnavailableException("interrupted while waiting for Kafka's acknowledgement", e);
        }
    }

    /** {@return the topic deliveries go to} */
    public String topic() {
        return topic;
    }

    /** {@return how long {@link #handOff} waits for the acknowledgement} */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /** Closes the producer, giving records in flight up to the ack timeout to complete. */
    @Override
    public void close() {
        producer.close(ackTimeout);
    }

    @Override
    public String toString() {
        return "KafkaHandoff[topic=" + topic + ", ackTimeout=" + ackTimeout + "]";
    }

    /**
     * Builds a {@link KafkaHandoff}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends TopicBuilder<Builder> {
        private Duration ackTimeout = Duration.ofSeconds(5);
        private Function<Event, String> orderingKey = KafkaHandoff::defaultOrderingKey;

        private Builder(Map<String, ?> config) {
            super(config);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * How long a delivery waits for the broker's acknowledgement before the provider is answered
         * 503 (default 5 s). Keep it well below the provider's own timeout (Stripe waits about 10 s
         * for an answer before counting a failure), so the provider gets the 503 and retries.
         *
         * @param ackTimeout between 100 ms and 60 s
         * @return this builder
         */
        public Builder ackTimeout(Duration ackTimeout) {
            Objects.requireNonNull(ackTimeout, "ackTimeout");
            if (ackTimeout.compareTo(Duration.ofMillis(100)) < 0 || ackTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("ackTimeout must be between 100 ms and 60 s (below the provider's own"
                        + " answer timeout), was " + ackTimeout);
            }
            this.ackTimeout = ackTimeout;
            return this;
        }

        /**
         * How to find a delivery's ordering key, the record key: events with one key are handled in
         * the order they were produced (default {@link KafkaHandoff#defaultOrderingKey}).
         *
         * @param orderingKey from the event to a non-empty key; an empty result falls back to the event id
         * @return this builder
         */
        public Builder orderingKey(Function<Event, String> orderingKey) {
            this.orderingKey = Objects.requireNonNull(orderingKey, "orderingKey");
            return this;
        }

        /**
         * The hand-off. Creating it creates the producer; it connects lazily.
         *
         * @return the hand-off
         * @throws IllegalArgumentException when the settings lack {@code bootstrap.servers} or
         *         contradict acks=all, idempotence or the byte-array serializers
         */
        public KafkaHandoff build() {
            return new KafkaHandoff(this);
        }
    }

}
