package dev.payhooks.kafka;

import dev.payhooks.internal.config.Checks;
import dev.payhooks.kafka.internal.ClientConfigs;
import dev.payhooks.kafka.internal.DeliveryRecords;
import dev.payhooks.spi.InboxMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The dead-letter topic of a {@link KafkaWorker}, for operators: list the records whose attempts
 * were exhausted and replay them onto the deliveries topic (the CLI's {@code payhooks kafka dead
 * list|replay}). Replayed records are not verified again: they were verified when they arrived,
 * which is what the method's name says.
 *
 * <p>Which dead letters were replayed is remembered as the committed offsets of a consumer group
 * of its own ({@code payhooks-dead-replay} by default): {@link #list} shows the ones not yet
 * replayed, and a replay commits past a dead letter only once the deliveries topic acknowledged
 * its copy. The idempotency store let the dead record's claim go, so the replayed copy runs.
 *
 * <pre>{@code
 * try (KafkaDeadLetters dead = KafkaDeadLetters.builder(Map.of("bootstrap.servers", "kafka-1:9092")).build()) {
 *     dead.list(50).forEach(message -> System.out.println(message + " " + message.lastError().orElse("")));
 *     dead.replayAllWithoutReverifying();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one operator action at a time.
 *
 * @since 0.1.0
 */
public final class KafkaDeadLetters implements AutoCloseable {

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String deadLetterTopic;
    private final Duration timeout;

    private KafkaDeadLetters(Builder b) {
        Map<String, Object> consumerRequired = new HashMap<>();
        consumerRequired.put("enable.auto.commit", "false");
        consumerRequired.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerRequired.put("value.deserializer", ByteArrayDeserializer.class.getName());
        consumerRequired.put("group.id", b.replayGroupId);
        consumerRequired.put("auto.offset.reset", "earliest");
        this.consumerConfig = ClientConfigs.merge(b.config, consumerRequired, "the replay group's offsets mark what was replayed");
        Map<String, Object> producerRequired = new HashMap<>();
        producerRequired.put("enable.idempotence", "true");
        producerRequired.put("acks", "all");
        producerRequired.put("key.serializer", ByteArraySerializer.class.getName());
        producerRequired.put("value.serializer", ByteArraySerializer.class.getName());
        this.producerConfig = ClientConfigs.merge(b.config, producerRequired,
                "a dead letter is marked replayed only once every in-sync replica has its copy");
        this.topic = b.topic;
        this.deadLetterTopic = b.deadLetterTopic();
        this.timeout = b.timeout;
    }

    /**
     * A builder.
     *
     * @param kafkaSettings client settings: at least {@code bootstrap.servers}
     * @return a new builder
     */
    public static Builder builder(Map<String, ?> kafkaSettings) {
        return new Builder(kafkaSettings);
    }

    /**
     * Dead letters not yet replayed, oldest first within each partition.
     *
     * @param limit the most to return; at least 1
     * @return the dead letters, each with its error ({@link InboxMessage#lastError()}) and attempts
     * @throws IllegalStateException when the topic cannot be read within the timeout
     */
    public List<InboxMessage> list(int limit) {
        Checks.atLeastOne(limit, "limit");
        List<InboxMessage> found = new ArrayList<>();
        read(limit, record -> found.add(message(record)), false);
        return found;
    }

    /**
     * Produces every dead letter not yet replayed back onto the deliveries topic, then marks them
     * replayed. The deliveries are not verified again.
     *
     * @return how many were replayed
     * @throws IllegalStateException when Kafka does not acknowledge within the timeout (nothing is
     *         then marked replayed; running it again may replay some twice, which the workers'
     *         idempotency store absorbs)
     */
    public int replayAllWithoutReverifying() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            return read(Integer.MAX_VALUE, record -> sent.add(producer.send(DeliveryRecords.toReplay(topic, record))), true,
                    () -> {
                        long deadline = System.nanoTime() + timeout.toNanos();
                        for (Future<RecordMetadata> future : sent) {
                            try {
                                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException("interrupted while replaying", e);
                            } catch (ExecutionException | TimeoutException e) {
                                throw new IllegalStateException("Kafka did not acknowledge a replayed record on '" + topic
                                        + "' within " + timeout + "; nothing was marked replayed", e);
                            }
                        }
                    });
        }
    }

    private int read(int limit, Consumer<ConsumerRecord<byte[], byte[]>> each, boolean commit) {
        return read(limit, each, commit, () -> { });
    }

    private int read(int limit, Consumer<ConsumerRecord<byte[], byte[]>> each, boolean commit, Runnable beforeCommit) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic, timeout);
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), timeout);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                consumer.seek(partition, offset != null ? offset.offset() : beginnings.get(partition));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            int count = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < limit && !reachedEnd(consumer, partitions, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read '" + deadLetterTopic + "' to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (count >= limit || record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    each.accept(record);
                    next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    count++;
                }
            }
            if (commit && !next.isEmpty()) {
                beforeCommit.run();
                consumer.commitSync(next, timeout);
            }
            return count;
        } catch (KafkaException e) {
            throw new IllegalStateException("could not read the dead-letter topic '" + deadLetterTopic + "': " + e.getMessage(), e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static InboxMessage message(ConsumerRecord<byte[], byte[]> record) {
        int attempts;
        try {
            attempts = Integer.parseInt(DeliveryRecords.optional(record, DeliveryRecords.ATTEMPTS));
        } catch (NumberFormatException e) {
            attempts = 0;
        }
        InboxMessage message = DeliveryRecords.toMessage(record, attempts);
        String origin = DeliveryRecords.optional(record, DeliveryRecords.ORIGIN);
        return message.toBuilder().id(DeliveryRecords.origin(record) + (origin.isEmpty() ? "" : " (from " + origin + ")"))
                .status(InboxMessage.Status.DEAD).build();
    }

    /** Nothing held between calls; present so callers can use try-with-resources as with the other clients. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "KafkaDeadLetters[" + deadLetterTopic + " -> " + topic + "]";
    }

    /**
     * Builds {@link KafkaDeadLetters}.
     *
     * @since 0.1.0
     */
    public static final class Builder extends TopicBuilder<Builder> {
        private String replayGroupId = "payhooks-dead-replay";
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(Map<String, ?> config) {
            super(config);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The dead-letter topic (default: the deliveries topic plus {@code .dead}).
         *
         * @param deadLetterTopic the topic
         * @return this builder
         */
        public Builder deadLetterTopic(String deadLetterTopic) {
            return deadLetterTopicChecked(deadLetterTopic);
        }

        /**
         * The consumer group that remembers what was replayed (default {@code payhooks-dead-replay}).
         *
         * @param replayGroupId the group id
         * @return this builder
         */
        public Builder replayGroupId(String replayGroupId) {
            this.replayGroupId = ClientConfigs.nonBlank(replayGroupId, "replayGroupId");
            return this;
        }

        /**
         * How long one operation may wait for Kafka (default 30 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.positive(timeout, "timeout");
            return this;
        }

        /**
         * The tool.
         *
         * @return the tool
         */
        public KafkaDeadLetters build() {
            return new KafkaDeadLetters(this);
        }
    }
}
