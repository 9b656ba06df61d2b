package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.Event;
import dev.payhooks.Ordering;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One application instance in the multi-process ordering test: a receiver with the ordering guard
 * on a shared version store (the real one or the naive read-then-write control), whose handler
 * applies each event the way a merchant's would (last write wins) and logs it, with a database
 * sequence, in the shared log table. After READY it waits for GO; then each thread delivers every
 * version of every object once, in its own random order, redelivering what was answered 409 until
 * it is answered 200.
 *
 * <p>Arguments: jdbcUrl versionTable logTable store(real|naive) threads objects versions seed
 */
public final class OrderingWorkerMain {

    private OrderingWorkerMain() {
    }

    /** A body {@code objectId:version}; the event is about refund objectId, created at version seconds. */
    static WebhookSource source() {
        return new WebhookSource("test", (request, now) -> Verification.verified(), (request, verification) -> {
            String[] parts = new String(request.body(), StandardCharsets.UTF_8).split(":");
            return Event.builder("test", "evt_" + parts[0] + "_" + parts[1], "refund.updated", "{}".getBytes(StandardCharsets.UTF_8))
                    .created(Instant.ofEpochSecond(1_700_000_000L + Long.parseLong(parts[1])))
                    .orderingObject("refund", parts[0]).build();
        });
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String versionTable = args[1];
        String logTable = args[2];
        boolean naive = args[3].equals("naive");
        int threads = Integer.parseInt(args[4]);
        int objects = Integer.parseInt(args[5]);
        int versions = Integer.parseInt(args[6]);
        long seed = Long.parseLong(args[7]);
        long pid = ProcessHandle.current().pid();

        try (HikariDataSource pool = TestDatabases.pool("ordering-worker", url, threads + 2)) {
            ObjectVersionStore store = naive ? new NaiveReadThenWriteVersionStore(pool, versionTable)
                    : JdbcObjectVersionStore.builder(pool).tableName(versionTable).build();
            String insertLog = "INSERT INTO " + logTable + " (object_id, version, pid) VALUES (?, ?, ?)";
            WebhookReceiver receiver = WebhookReceiver.builder().source(source())
                    .ordering(Ordering.builder().store(store).build())
                    .on("refund.updated", event -> {
                        try (Connection connection = pool.getConnection();
                             PreparedStatement insert = connection.prepareStatement(insertLog)) {
                            insert.setString(1, event.orderingObject().orElseThrow().id());
                            insert.setLong(2, event.created().orElseThrow().getEpochSecond() - 1_700_000_000L);
                            insert.setLong(3, pid);
                            insert.executeUpdate();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).build();

            // Warm the pool and the code paths on objects no one else delivers.
            for (int i = 0; i < 30; i++) {
                receiver.receive(WebhookRequest.builder().body(("warm_" + pid + ":" + i).getBytes(StandardCharsets.UTF_8)).build());
            }
            try (Connection connection = pool.getConnection(); PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + logTable + " WHERE pid = ?")) {
                delete.setLong(1, pid);
                delete.executeUpdate();
            }
            System.out.println("READY");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(stdin.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            List<Thread> workers = new ArrayList<>();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < threads; t++) {
                long threadSeed = seed * 31 + t + pid;
                Thread worker = new Thread(() -> {
                    try {
                        List<String> order = new ArrayList<>();
                        for (int o = 0; o < objects; o++) {
                            for (int v = 0; v < versions; v++) {
                                order.add("re_" + o + ":" + v);
                            }
                        }
                        Collections.shuffle(order, new Random(threadSeed));
                        Deque<String> queue = new ArrayDeque<>(order);
                        long retries = 0;
                        String body;
                        while ((body = queue.poll()) != null) {
                            WebhookRequest request = WebhookRequest.builder().body(body.getBytes(StandardCharsets.UTF_8)).build();
                            Outcome outcome = receiver.receive(request).outcome();
                            if (outcome == Outcome.IN_PROGRESS) {
                                queue.addLast(body);
                                if (++retries > 1_000_000) {
                                    throw new IllegalStateException("no progress");
                                }
                                LockSupport.parkNanos(100_000);
                            } else if (outcome != Outcome.HANDLED && outcome != Outcome.DUPLICATE && outcome != Outcome.STALE) {
                                throw new IllegalStateException(outcome + " for " + body);
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
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
