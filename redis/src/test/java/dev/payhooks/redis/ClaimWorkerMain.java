package dev.payhooks.redis;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.spi.IdempotencyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One application instance in the multi-process test: a receiver on one shared Lettuce connection
 * whose handler records every event it runs. After printing READY it waits for GO on stdin, then
 * each of its threads delivers every event once, in the same order as every other thread (the order
 * that makes deliveries of one event collide most). Writes the events its handler ran to a file.
 *
 * <p>Arguments: redisUri keyPrefix store(real|naive) threads events outputFile
 */
public final class ClaimWorkerMain {

    private ClaimWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String prefix = args[1];
        boolean naive = args[2].equals("naive");
        int threads = Integer.parseInt(args[3]);
        int events = Integer.parseInt(args[4]);
        Path output = Path.of(args[5]);

        Queue<String> ran = new ConcurrentLinkedQueue<>();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            IdempotencyStore store = naive ? new NaiveGetThenSetStore(connection.sync(), prefix)
                    : RedisIdempotencyStore.builder(connection).keyPrefix(prefix).build();
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .on("test.event", event -> ran.add(event.id())).build();
            // Warm the connection and the code paths on events no one else delivers.
            for (int i = 0; i < 200; i++) {
                receiver.receive(TestSource.delivery("warmup_" + ProcessHandle.current().pid() + "_" + i));
            }
            ran.clear();

            System.out.println("READY");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(stdin.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            List<Thread> workers = new ArrayList<>();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        for (int i = 0; i < events; i++) {
                            int status = receiver.receive(TestSource.delivery("evt_" + i)).status();
                            if (status != 200 && status != 409) {
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
            for (Thread worker : workers) {
                worker.join();
            }
            if (!errors.isEmpty()) {
                errors.peek().printStackTrace();
                System.exit(2);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
        Files.write(output, ran);
        System.out.println("DONE");
        System.out.flush();
    }
}
