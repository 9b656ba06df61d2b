package dev.payhooks.redis;

import dev.payhooks.WebhookReceiver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * An application instance that dies mid-handler: it receives one event, and its handler prints
 * CLAIMED (the claim is in Redis by then) and then waits for ever, until the test kills the JVM
 * with SIGKILL. No completion and no release ever reach Redis.
 *
 * <p>Arguments: redisUri keyPrefix eventId leaseSeconds
 */
public final class CrashingWorkerMain {

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        RedisClient client = RedisClient.create(args[0]);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection).keyPrefix(args[1]).build();
            CountDownLatch never = new CountDownLatch(1);
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .lease(Duration.ofSeconds(Long.parseLong(args[3])))
                    .on("test.event", event -> {
                        System.out.println("CLAIMED " + event.id());
                        System.out.flush();
                        never.await();
                    }).build();
            receiver.receive(TestSource.delivery(args[2]));
            System.out.println("UNEXPECTEDLY FINISHED");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
