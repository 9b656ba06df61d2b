package dev.payhooks.redis;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM is killed with SIGKILL between claim and completion. Until its lease expires, redeliveries
 * are answered "in progress" and run nothing; after it, redeliveries (here eight at once, from
 * another process) run the event exactly once, and later ones are duplicates.
 */
class SigkillTest {

    private static final String PREFIX = "sigkill:";
    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void eventClaimedByAKilledProcessRunsExactlyOnceAfterItsLeaseExpires() throws Exception {
        try (TestRedis server = TestRedis.start()) {
            RedisClient client = server.client();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                try (ChildJvm child = ChildJvm.start(CrashingWorkerMain.class, server.uri(), PREFIX, "evt_killed",
                        Long.toString(LEASE.toSeconds()))) {
                    assertThat(child.readLine()).isEqualTo("CLAIMED evt_killed");
                    child.process().destroyForcibly();
                    assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(child.process().exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);
                }

                AtomicInteger runs = new AtomicInteger();
                RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection).keyPrefix(PREFIX).build();
                WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                        .lease(LEASE).on("test.event", event -> runs.incrementAndGet()).build();

                WebhookResponse beforeExpiry = receiver.receive(TestSource.delivery("evt_killed"));
                assertThat(beforeExpiry.outcome()).isEqualTo(Outcome.IN_PROGRESS);
                assertThat(beforeExpiry.status()).isEqualTo(409);
                assertThat(runs).hasValue(0);

                TestRedis.advance(connection, PREFIX, LEASE.plusSeconds(1));
                List<Outcome> outcomes = deliverConcurrently(receiver, "evt_killed", 8);

                assertThat(runs).as("handler runs after the lease expired").hasValue(1);
                assertThat(outcomes).containsOnlyOnce(Outcome.HANDLED).doesNotContain(Outcome.UNAVAILABLE, Outcome.FAILED);
                assertThat(receiver.receive(TestSource.delivery("evt_killed")).outcome()).isEqualTo(Outcome.DUPLICATE);
                assertThat(runs).hasValue(1);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }

    private static List<Outcome> deliverConcurrently(WebhookReceiver receiver, String eventId, int deliveries)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                Callable<Outcome> delivery = () -> {
                    start.await();
                    return receiver.receive(TestSource.delivery(eventId)).outcome();
                };
                futures.add(threads.submit(delivery));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
