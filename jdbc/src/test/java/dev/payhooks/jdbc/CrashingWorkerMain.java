package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.WebhookReceiver;

import java.util.concurrent.CountDownLatch;

/**
 * An application instance that dies mid-handler: it receives one event, and its handler prints
 * CLAIMED (the claim is committed by then) and then waits for ever, until the test kills the JVM
 * with SIGKILL. No completion and no release ever reach the database.
 *
 * <p>Arguments: jdbcUrl table eventId leaseSeconds
 */
public final class CrashingWorkerMain {

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (HikariDataSource pool = TestDatabases.pool("crashing-worker", args[0], 2)) {
            JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).tableName(args[1]).build();
            CountDownLatch never = new CountDownLatch(1);
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .lease(java.time.Duration.ofSeconds(Long.parseLong(args[3])))
                    .on("test.event", event -> {
                        System.out.println("CLAIMED " + event.id());
                        System.out.flush();
                        never.await();
                    }).build();
            receiver.receive(TestSource.delivery(args[2]));
            System.out.println("UNEXPECTEDLY FINISHED");
        }
    }
}
