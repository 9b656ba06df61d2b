package dev.payhooks.kafka;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away: deliveries are answered 503 with {@code Retry-After} once the ack deadline
 * passes, never 200; after the broker is back, the provider's retry is queued and handled once,
 * although the producer may also deliver the copy that timed out.
 */
class KafkaBrokerDownTest {

    @Test
    void brokerDownAnswers503WithinTheDeadlineAndTheRetryIsHandledOnceAfterItReturns() throws Exception {
        String topic = "broker-down";
        TestKafka.createTopic(topic, 2);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<String> order = new CopyOnWriteArrayList<>();
        WebhookReceiver handlers = WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                .on("refund.*", event -> {
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                    order.add(event.id());
                }).build();
        Duration ackTimeout = Duration.ofSeconds(2);
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).ackTimeout(ackTimeout).build();
             KafkaWorker worker = KafkaWorker.builder(handlers, TestKafka.settings()).topic(topic).groupId("broker-down-workers")
                     .idempotencyStore(IdempotencyStore.inMemory()).backoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build()) {
            WebhookReceiver receiver = KafkaHandoffTest.receiver(handoff);
            assertThat(receiver.receive(signed("evt_before", "re_1")).outcome()).as("a delivery while the broker is up")
                    .isEqualTo(Outcome.QUEUED);

            TestKafka.stopBroker();
            WebhookResponse down;
            try {
                down = receiver.receive(signed("evt_down", "re_1"));
            } finally {
                TestKafka.startBroker();
            }
            assertThat(down.outcome()).as("nothing is acknowledged that the broker does not have").isEqualTo(Outcome.UNAVAILABLE);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers()).containsKey("Retry-After");

            // The provider retries (Retry-After is honoured here as "try again until the broker answers").
            WebhookResponse retried = retryUntilQueued(receiver, "evt_down");
            assertThat(retried.status()).isEqualTo(200);
            // A later event about the same object lands in the same partition, behind both copies of evt_down.
            assertThat(retryUntilQueued(receiver, "evt_after").outcome()).isEqualTo(Outcome.QUEUED);

            worker.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!order.contains("evt_after")) {
                assertThat(System.nanoTime()).as("all three events handled within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(runs.get("evt_down")).as("the retry was handled once").hasValue(1);
            assertThat(order).containsExactly("evt_before", "evt_down", "evt_after");
        }
    }

    /**
     * The negative control for the test above: a hand-off that does not wait for the broker (the
     * pitfall of spring-projects/spring-modulith#395, marking work done although the send failed)
     * answers 200 while the broker is down, which the test above would catch, and the delivery is
     * gone once its process stops before the broker returns.
     */
    @Test
    void aHandoffThatDoesNotWaitForTheBrokerAcknowledgesWhatTheLogNeverGets() throws Exception {
        String topic = "broker-down-naive";
        TestKafka.createTopic(topic, 1);
        Map<String, Object> settings = Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName(),
                "max.block.ms", "2000");
        WebhookResponse down;
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(settings)) {
            dev.payhooks.spi.DeliveryHandoff fireAndForget = (message, event) -> {
                producer.send(dev.payhooks.kafka.internal.DeliveryRecords.toRecord(topic, event.id(), message));
                return true;
            };
            WebhookReceiver naive = WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                    .inbox(fireAndForget).on("refund.*", event -> { }).build();
            assertThat(naive.receive(signed("evt_naive_up", "re_2")).outcome()).isEqualTo(Outcome.QUEUED);
            producer.flush();
            TestKafka.stopBroker();
            try {
                down = naive.receive(signed("evt_naive_down", "re_2"));
                producer.close(Duration.ZERO); // the process stops before the broker returns
            } finally {
                TestKafka.startBroker();
            }
        }
        assertThat(down.outcome()).as("the naive hand-off acknowledges while the broker is down").isEqualTo(Outcome.QUEUED);
        assertThat(down.status()).isEqualTo(200);
        List<String> inLog = new java.util.ArrayList<>();
        // Reads the whole partition for 3 s (not until the first record), so a late copy would be seen.
        KafkaHandoffTest.readAll(topic, 0).forEach(record -> inLog.add(
                dev.payhooks.kafka.internal.DeliveryRecords.optional(record, dev.payhooks.kafka.internal.DeliveryRecords.EVENT_ID)));
        assertThat(inLog).as("acknowledged with 200, yet not in the log").containsExactly("evt_naive_up");
    }

    private static WebhookResponse retryUntilQueued(WebhookReceiver receiver, String id) throws InterruptedException {
        WebhookResponse response = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            response = receiver.receive(signed(id, "re_1"));
            if (response.outcome() == Outcome.QUEUED) {
                return response;
            }
            assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
            Thread.sleep(500);
        }
        throw new AssertionError("the broker did not come back: last answer " + response);
    }

    private static WebhookRequest signed(String id, String objectId) {
        return TestScheme.signed(KafkaHandoffTest.SECRET, Instant.now().getEpochSecond(),
                KafkaHandoffTest.event(id, "refund.updated", objectId)).build();
    }
}
