package dev.payhooks.kafka;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.kafka.internal.DeliveryRecords;
import dev.payhooks.testkit.TestScheme;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The receiving side: a verified delivery is answered 200 only once the broker has its record. */
class KafkaHandoffTest {

    static final String SECRET = "whsec_kafka_test";

    static byte[] event(String id, String type, String objectId) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created\":1700000000,\"livemode\":false,"
                + "\"data\":{\"id\":\"" + objectId + "\",\"amount\":1250}}").getBytes(StandardCharsets.UTF_8);
    }

    static WebhookReceiver receiver(KafkaHandoff handoff) {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).inbox(handoff)
                .on("refund.*", event -> {
                    throw new AssertionError("the receiving side runs no handler in hand-off mode");
                }).build();
    }

    static dev.payhooks.WebhookRequest signed(byte[] body) {
        return TestScheme.signed(SECRET, Instant.now().getEpochSecond(), body).header("X-Request-Id", "req_1").build();
    }

    @Test
    void answersQueuedOnceTheRecordIsInTheLogWithEnvelopeHeadersAndNoSignature() {
        String topic = "handoff-envelope";
        TestKafka.createTopic(topic, 3);
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build()) {
            WebhookResponse response = receiver(handoff).receive(signed(event("evt_1", "refund.created", "re_9")));
            assertThat(response.outcome()).isEqualTo(Outcome.QUEUED);
            assertThat(response.status()).isEqualTo(200);
        }
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("ordering key: the data object's id")
                .isEqualTo("test::re_9");
        assertThat(record.value()).isEqualTo(event("evt_1", "refund.created", "re_9"));
        assertThat(DeliveryRecords.optional(record, DeliveryRecords.EVENT_ID)).isEqualTo("evt_1");
        assertThat(DeliveryRecords.optional(record, DeliveryRecords.EVENT_TYPE)).isEqualTo("refund.created");
        assertThat(DeliveryRecords.optional(record, DeliveryRecords.PROVIDER)).isEqualTo("test");
        assertThat(DeliveryRecords.optional(record, DeliveryRecords.HTTP_HEADER_PREFIX + "x-request-id")).isEqualTo("req_1");
        List<String> names = new ArrayList<>();
        record.headers().forEach(header -> names.add(header.key()));
        assertThat(names).as("no signature header is kept").noneMatch(name -> name.contains("signature"));
    }

    @Test
    void aBadSignatureNeverReachesTheLog() {
        String topic = "handoff-unsigned";
        TestKafka.createTopic(topic, 1);
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build()) {
            WebhookResponse response = receiver(handoff).receive(TestScheme.signed("wrong_secret", Instant.now().getEpochSecond(),
                    event("evt_2", "refund.created", "re_1")).build());
            assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
        }
        assertThat(readAll(topic, 0)).isEmpty();
    }

    @Test
    void refusesSettingsThatWouldWeakenTheAcknowledgement() {
        assertThatThrownBy(() -> KafkaHandoff.builder(Map.of("bootstrap.servers", "localhost:1", "acks", "1")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acks' must be all");
        assertThatThrownBy(() -> KafkaHandoff.builder(Map.of("client.id", "x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> KafkaHandoff.builder(TestKafka.settings()).ackTimeout(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ackTimeout");
    }

    /** Reads a topic from the start until {@code expected} records came (at most 30 s); with 0, everything that arrives in 3 s. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest",
                "key.deserializer", ByteArrayDeserializer.class.getName(), "value.deserializer", ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 3 : 30).toNanos();
            while (found.size() < expected || expected == 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        return found;
    }
}
