package dev.payhooks.redis;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis server restarts (an orderly stop and start on the same data, with the append-only file
 * on) while four threads deliver 2,000 events each: deliveries during the outage are answered 503,
 * and no event's handler runs twice, neither during the run nor when every event is delivered again
 * afterwards (the provider's retries), by which time every event has run exactly once.
 */
class ServerRestartTest {

    private static final int THREADS = 4;
    private static final int EVENTS = 2_000;

    @Test
    void restartMidRunGives503sAndNoDoubleRun() throws Exception {
        try (TestRedis server = TestRedis.start(true)) {
            RedisClient client = server.client();
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            AtomicInteger unavailable = new AtomicInteger();
            CountDownLatch someHandled = new CountDownLatch(200);
            CountDownLatch someRefused = new CountDownLatch(2 * THREADS);
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection).keyPrefix("restart:")
                        .commandTimeout(Duration.ofMillis(250)).build();
                WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                        .lease(Duration.ofMinutes(10))
                        .on("test.event", event -> {
                            runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                            someHandled.countDown();
                        }).build();

                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Thread worker = new Thread(() -> {
                        try {
                            for (int i = 0; i < EVENTS; i++) {
                                int status = receiver.receive(TestSource.delivery("evt_" + i)).status();
                                if (status == 503) {
                                    unavailable.incrementAndGet();
                                    someRefused.countDown();
                                } else if (status != 200 && status != 409) {
                                    throw new IllegalStateException("status " + status + " for evt_" + i);
                                }
                            }
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }, "delivery-" + t);
                    workers.add(worker);
                    worker.start();
                }
                assertThat(someHandled.await(60, TimeUnit.SECONDS)).as("deliveries under way").isTrue();
                server.stop();
                assertThat(someRefused.await(60, TimeUnit.SECONDS)).as("deliveries refused while Redis is down").isTrue();
                server.restart();
                for (Thread worker : workers) {
                    worker.join();
                }
                assertThat(errors).isEmpty();
                assertThat(unavailable.get()).as("503 answers during the outage").isGreaterThanOrEqualTo(2 * THREADS);
                assertThat(runs.values()).as("no handler ran twice during the run").allMatch(count -> count.get() == 1);

                // The provider retries everything it did not get a 2xx for; here: everything, twice.
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                // A retry can itself meet a command timeout (250 ms) on a loaded machine and get 503 again;
                // the provider then retries once more, as here (at most five rounds).
                Map<Outcome, Integer> retries = deliverAll(receiver);
                for (int round = 1; round < 5 && !Set.of(Outcome.HANDLED, Outcome.DUPLICATE).containsAll(retries.keySet());
                        round++) {
                    retries = deliverAll(receiver);
                }
                Map<Outcome, Integer> again = deliverAll(receiver);

                assertThat(runs).as("every event ran").hasSize(EVENTS);
                assertThat(runs.values()).as("and exactly once").allMatch(count -> count.get() == 1);
                assertThat(again).as("all completed, none left claimed").containsOnlyKeys(Outcome.DUPLICATE);
                System.out.printf("restart mid-run: %d answers 503 during the outage; retries afterwards: %s; then %s%n",
                        unavailable.get(), retries, again);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }

    private static Map<Outcome, Integer> deliverAll(WebhookReceiver receiver) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < EVENTS; i++) {
            outcomes.merge(receiver.receive(TestSource.delivery("evt_" + i)).outcome(), 1, Integer::sum);
        }
        return outcomes;
    }
}
