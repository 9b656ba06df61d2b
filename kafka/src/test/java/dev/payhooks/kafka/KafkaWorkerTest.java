package dev.payhooks.kafka;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consuming side on a real broker: handled once, offsets after success, retries, dead letters, order, shutdown. */
class KafkaWorkerTest {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<String> handledOrder = new CopyOnWriteArrayList<>();

    private WebhookReceiver handlers(Map<String, AtomicInteger> failuresLeft) {
        return WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                .on("refund.*", event -> {
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                    AtomicInteger left = failuresLeft.get(event.id());
                    if (left != null && left.getAndDecrement() > 0) {
                        throw new IllegalStateException("the refunds service is down for " + event.id());
                    }
                    handledOrder.add(event.id());
                }).build();
    }

    private static KafkaWorker.Builder worker(WebhookReceiver handlers, String topic, IdempotencyStore store) {
        return KafkaWorker.builder(handlers, TestKafka.settings()).topic(topic).groupId(topic + "-workers")
                .idempotencyStore(store).backoff(Duration.ofMillis(100), Duration.ofMillis(400)).shutdownTimeout(Duration.ofSeconds(30));
    }

    @Test
    void handlesEachDeliveryOnceAndARestartedGroupRepeatsNothingCommitted() throws Exception {
        String topic = "worker-once";
        TestKafka.createTopic(topic, 4);
        IdempotencyStore store = IdempotencyStore.inMemory();
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build()) {
            WebhookReceiver receiver = KafkaHandoffTest.receiver(handoff);
            for (int i = 0; i < 40; i++) {
                assertThat(receiver.receive(signed("evt_" + i, "re_" + (i % 7))).outcome()).isEqualTo(Outcome.QUEUED);
            }
            // The provider delivers evt_3 twice: the log has two copies, the handler runs once.
            assertThat(receiver.receive(signed("evt_3", "re_3")).outcome()).isEqualTo(Outcome.QUEUED);
            KafkaWorker first = worker(handlers(Map.of()), topic, store).threads(2).build();
            first.start();
            awaitCondition("40 events handled", () -> handledOrder.size() >= 40);
            awaitCondition("the duplicate skipped", () -> first.duplicateCount() >= 1);
            first.close();
            assertThat(runs).hasSize(40).allSatisfy((id, count) -> assertThat(count).as(id).hasValue(1));

            // A fresh worker in the same group (a fresh store too, so only committed offsets can keep it from rerunning).
            try (KafkaWorker second = worker(handlers(Map.of()), topic, IdempotencyStore.inMemory()).build()) {
                second.start();
                assertThat(receiver.receive(signed("evt_sentinel", "re_0")).outcome()).isEqualTo(Outcome.QUEUED);
                awaitCondition("the sentinel handled", () -> handledOrder.contains("evt_sentinel"));
                assertThat(second.handledCount()).as("only the sentinel: every earlier offset was committed").isEqualTo(1);
            }
        }
    }

    @Test
    void retriesWithBackoffThenDeadLettersWhileOtherPartitionsFlowAndReplayRunsItOnce() throws Exception {
        String topic = "worker-dead";
        TestKafka.createTopic(topic, 2);
        TestKafka.createTopic(topic + ".dead", 1);
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        failures.put("evt_flaky", new AtomicInteger(2));
        failures.put("evt_poison", new AtomicInteger(Integer.MAX_VALUE));
        IdempotencyStore store = IdempotencyStore.inMemory();
        List<InboxMessage> deadSeen = new CopyOnWriteArrayList<>();
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build()) {
            WebhookReceiver receiver = KafkaHandoffTest.receiver(handoff);
            for (String[] delivery : new String[][]{{"evt_poison", "re_p"}, {"evt_after_poison", "re_p"}, {"evt_flaky", "re_f"}}) {
                assertThat(receiver.receive(signed(delivery[0], delivery[1])).outcome()).isEqualTo(Outcome.QUEUED);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(receiver.receive(signed("evt_other_" + i, "re_o" + i)).outcome()).isEqualTo(Outcome.QUEUED);
            }
            try (KafkaWorker worker = worker(handlers(failures), topic, store).maxAttempts(3)
                    .listener(new dev.payhooks.inbox.InboxListener() {
                        @Override
                        public void onDead(InboxMessage message, Throwable failure) {
                            deadSeen.add(message);
                        }
                    }).build()) {
                worker.start();
                awaitCondition("everything but the poison handled", () -> handledOrder.size() >= 22);
                awaitCondition("the poison dead-lettered", () -> worker.deadLetterCount() == 1);
                assertThat(runs.get("evt_poison")).as("three attempts").hasValue(3);
                assertThat(runs.get("evt_flaky")).as("failed twice, then succeeded").hasValue(3);
                assertThat(handledOrder.indexOf("evt_after_poison")).as("handled after the poison left its partition")
                        .isPositive();
                assertThat(deadSeen).extracting(InboxMessage::eventId).containsExactly("evt_poison");
            }
        }
        try (KafkaDeadLetters dead = KafkaDeadLetters.builder(TestKafka.settings()).topic(topic).build()) {
            List<InboxMessage> listed = dead.list(10);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).eventId()).isEqualTo("evt_poison");
            assertThat(listed.get(0).attempts()).isEqualTo(3);
            assertThat(listed.get(0).lastError()).hasValueSatisfying(error -> assertThat(error)
                    .contains("IllegalStateException").contains("refunds service is down"));
            assertThat(listed.get(0).status()).isEqualTo(InboxMessage.Status.DEAD);

            failures.get("evt_poison").set(0); // the refunds service is back
            assertThat(dead.replayAllWithoutReverifying()).isEqualTo(1);
            assertThat(dead.list(10)).as("replayed letters are not listed again").isEmpty();
            assertThat(dead.replayAllWithoutReverifying()).isZero();
        }
        try (KafkaWorker worker = worker(handlers(failures), topic, store).build()) {
            worker.start();
            awaitCondition("the replayed poison handled", () -> handledOrder.contains("evt_poison"));
            assertThat(runs.get("evt_poison")).as("three failed attempts and the replay").hasValue(4);
        }
    }

    @Test
    void eventsAboutOneObjectAreHandledInLogOrderDespiteRetries() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String topic = "worker-order";
        TestKafka.createTopic(topic, 4);
        int objects = 8;
        int perObject = 25;
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        for (int o = 0; o < objects; o++) {
            for (int s = 0; s < perObject; s++) {
                if (random.nextInt(10) == 0) {
                    failures.put(id(o, s), new AtomicInteger(1 + random.nextInt(2)));
                }
            }
        }
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build();
             KafkaWorker worker = worker(handlers(failures), topic, IdempotencyStore.inMemory()).threads(3).build()) {
            WebhookReceiver receiver = KafkaHandoffTest.receiver(handoff);
            worker.start();
            // One sender thread per object: its events reach the log in sequence, interleaved with the other objects'.
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int o = 0; o < objects; o++) {
                int object = o;
                sent.add(senders.submit(() -> {
                    for (int s = 0; s < perObject; s++) {
                        assertThat(receiver.receive(signed(id(object, s), "re_obj" + object)).outcome()).isEqualTo(Outcome.QUEUED);
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
            senders.shutdown();
            awaitCondition("every event handled", () -> handledOrder.size() >= objects * perObject);
        }
        Map<Integer, List<Integer>> sequences = new HashMap<>();
        for (String id : handledOrder) {
            String[] parts = id.split("_");
            sequences.computeIfAbsent(Integer.parseInt(parts[1]), o -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
        }
        for (int o = 0; o < objects; o++) {
            assertThat(sequences.get(o)).as("object %d, seed %d", o, seed).isSorted().hasSize(perObject);
        }
    }

    @Test
    void closeFinishesTheRunningHandlerAndLeavesTheRestForTheNextWorker() throws Exception {
        String topic = "worker-shutdown";
        TestKafka.createTopic(topic, 1);
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger completed = new AtomicInteger();
        WebhookReceiver slow = WebhookReceiver.builder().source(TestScheme.source(KafkaHandoffTest.SECRET))
                .on("refund.*", event -> {
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                    if (event.id().equals("evt_0")) {
                        inHandler.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                    }
                    completed.incrementAndGet();
                }).build();
        IdempotencyStore store = IdempotencyStore.inMemory();
        try (KafkaHandoff handoff = KafkaHandoff.builder(TestKafka.settings()).topic(topic).build()) {
            WebhookReceiver receiver = KafkaHandoffTest.receiver(handoff);
            for (int i = 0; i < 10; i++) {
                assertThat(receiver.receive(signed("evt_" + i, "re_1")).outcome()).isEqualTo(Outcome.QUEUED);
            }
            KafkaWorker first = worker(slow, topic, store).build();
            first.start();
            assertThat(inHandler.await(60, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(first::close);
            closer.start();
            // close() marks the worker closing, then waits for its threads: release the handler only then.
            awaitCondition("close() waiting for the running handler", () -> closer.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            closer.join(60_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(completed.get()).as("the running handler finished; the rest of the batch was left").isEqualTo(1);
            try (KafkaWorker second = worker(slow, topic, store).build()) {
                second.start();
                awaitCondition("the other nine handled", () -> completed.get() == 10);
            }
            assertThat(runs).hasSize(10).allSatisfy((id, count) -> assertThat(count).as(id).hasValue(1));
        }
    }

    @Test
    void refusesAWorkerWithoutASharedStoreOrWithAutoCommit() {
        WebhookReceiver handlers = handlers(Map.of());
        assertThatThrownBy(() -> KafkaWorker.builder(handlers, TestKafka.settings()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("idempotencyStore");
        assertThatThrownBy(() -> KafkaWorker.builder(handlers, Map.of("bootstrap.servers", "localhost:1", "enable.auto.commit", "true"))
                .idempotencyStore(IdempotencyStore.inMemory()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enable.auto.commit");
        assertThatThrownBy(() -> KafkaWorker.builder(handlers, TestKafka.settings()).topic("t").deadLetterTopic("t")
                .idempotencyStore(IdempotencyStore.inMemory()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dead-letter topic");
    }

    private static String id(int object, int sequence) {
        return "evt_" + object + "_" + sequence;
    }

    private static WebhookRequest signed(String id, String objectId) {
        return TestScheme.signed(KafkaHandoffTest.SECRET, Instant.now().getEpochSecond(),
                KafkaHandoffTest.event(id, "refund.updated", objectId)).build();
    }

    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after 90 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
