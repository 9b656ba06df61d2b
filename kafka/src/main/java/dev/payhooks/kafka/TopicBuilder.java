package dev.payhooks.kafka;

import dev.payhooks.kafka.internal.ClientConfigs;

import java.util.Map;
import java.util.Objects;

/**
 * The options that {@link KafkaHandoff.Builder}, {@link KafkaWorker.Builder} and
 * {@link KafkaDeadLetters.Builder} share, with the same names, defaults and checks: the
 * application's client settings and the deliveries topic (and, for the two that have one, the
 * dead-letter topic). Not public: its methods appear on the builders.
 *
 * @param <B> the builder
 */
abstract class TopicBuilder<B extends TopicBuilder<B>> {

    final Map<String, ?> config;
    String topic = ClientConfigs.DEFAULT_TOPIC;
    /** Null for the default, the topic plus {@code .dead}. */
    private String deadLetterTopic;

    TopicBuilder(Map<String, ?> config) {
        this.config = Map.copyOf(Objects.requireNonNull(config, "kafkaSettings"));
    }

    abstract B self();

    /**
     * The deliveries topic (default {@code payhooks.deliveries}): the one the hand-off produces
     * to, the worker reads and dead letters are replayed onto, so give all three the same. Create
     * it with a replication factor of 3 and {@code min.insync.replicas=2} in production, so that an
     * acknowledged delivery survives the loss of a broker.
     *
     * @param topic the topic name, not blank
     * @return this builder
     * @throws IllegalArgumentException when it is blank
     */
    public B topic(String topic) {
        this.topic = ClientConfigs.nonBlank(topic, "topic");
        return self();
    }

    /** Sets the dead-letter topic, for the builders' own documented {@code deadLetterTopic} methods. */
    B deadLetterTopicChecked(String deadLetterTopic) {
        this.deadLetterTopic = ClientConfigs.nonBlank(deadLetterTopic, "deadLetterTopic");
        return self();
    }

    /** The dead-letter topic: the one set, else the deliveries topic plus {@code .dead}. */
    String deadLetterTopic() {
        return deadLetterTopic != null ? deadLetterTopic : topic + ".dead";
    }
}
