/**
 * payhooks-kafka: acknowledge a webhook only once a Kafka broker has it
 * ({@link dev.payhooks.kafka.KafkaHandoff}), and process it on any number of machines in a
 * consumer group ({@link dev.payhooks.kafka.KafkaWorker}), with dead letters an operator can list
 * and replay ({@link dev.payhooks.kafka.KafkaDeadLetters}).
 *
 * <p>{@code dev.payhooks.kafka.internal} is not exported.
 *
 * @since 0.1.0
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.payhooks.kafka {
    requires transitive dev.payhooks;
    // Builders take the application's Kafka client settings (a Map) and expose no client types,
    // but a merchant configuring security or serializers reads kafka-clients' config constants.
    requires transitive kafka.clients;
    requires org.slf4j;

    exports dev.payhooks.kafka;
}
