package dev.payhooks.jdbc;

import dev.payhooks.testkit.ChildJvm;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence: 10,000 deliveries stored in the PostgreSQL inbox from 16 threads while two
 * worker JVMs ({@link InboxWorkerMain}, core's InboxProcessor) drain it; one worker is killed with
 * SIGKILL in the middle. At the end every event was handled at least once, none was lost, and the
 * only events handled twice are events whose attempt was under way in the killed process (its
 * handler had started and its row was not yet marked done), each run once more by the survivor.
 *
 * <p>The killed worker's rows come back when their lease ends. Instead of waiting for that, the
 * test ends the leases of exactly the rows held under the killed worker's claim tokens by moving
 * their lease expiry into the past, which to the inbox is the database clock moving past it. (If
 * the kill lands between a claim's commit and the recording of its token, those rows simply come
 * back after the real 15-second lease.)
 */
class InboxMultiProcessKillTest {

    private static final int EVENTS = 10_000;
    private static final int PRODUCERS = 16;
    private static final int WORKER_THREADS = 8;
    private static final int LEASE_SECONDS = 15;
    private static final String INBOX = "mp_inbox";
    private static final String RUNS = "mp_inbox_runs";
    private static final String CLAIMS = "mp_inbox_claims";

    @Test
    void killedWorkerLosesNothingAndOnlyItsInFlightEventsRunTwice() throws Exception {
        try (HikariDataSource pool = TestDatabases.postgresPool("pg-inbox-kill", PRODUCERS + 2)) {
            for (String table : List.of(INBOX, RUNS, CLAIMS)) {
                TestDatabases.drop(pool, table);
            }
            JdbcInbox inbox = JdbcInbox.builder(pool).tableName(INBOX).createSchemaIfMissing(true).build();
            inbox.initialize();
            execute(pool, "CREATE TABLE " + RUNS + " (event_id TEXT NOT NULL, pid BIGINT NOT NULL, succeeded BOOLEAN NOT NULL)");
            execute(pool, "CREATE INDEX " + RUNS + "_event_idx ON " + RUNS + " (event_id)");
            execute(pool, "CREATE TABLE " + CLAIMS + " (token VARCHAR(64) NOT NULL, pid BIGINT NOT NULL)");

            ChildJvm victim = start();
            ChildJvm survivor = start();
            try {
                victim.await("READY");
                survivor.await("READY");
                long victimPid = victim.process().pid();
                long survivorPid = survivor.process().pid();

                WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                        .on("test.event", event -> {
                            throw new AssertionError("the receiving process runs no handler in inbox mode");
                        }).build();
                ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
                List<Future<Integer>> queued = new ArrayList<>();
                CountDownLatch go = new CountDownLatch(1);
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    queued.add(producers.submit(() -> {
                        go.await();
                        int count = 0;
                        for (int i = producer; i < EVENTS; i += PRODUCERS) {
                            Outcome outcome = receiver.receive(TestSource.delivery("evt_" + i)).outcome();
                            if (outcome == Outcome.QUEUED) {
                                count++;
                            }
                        }
                        return count;
                    }));
                }
                go.countDown();

                // In the middle: once the victim has started a tenth of the handlers and one of them is running.
                awaitCondition("the victim to start " + EVENTS / 10 + " handlers", () -> count(pool, "SELECT COUNT(*) FROM " + RUNS
                        + " WHERE pid = " + victimPid) >= EVENTS / 10 && count(pool, "SELECT COUNT(*) FROM " + RUNS + " WHERE pid = "
                        + victimPid + " AND NOT succeeded") > 0);
                victim.process().destroyForcibly();
                assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(victim.process().exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);
                long storedAtKill = count(pool, "SELECT COUNT(*) FROM " + INBOX);

                int acknowledged = 0;
                for (Future<Integer> future : queued) {
                    acknowledged += future.get(60, TimeUnit.SECONDS);
                }
                producers.shutdown();
                assertThat(acknowledged).as("deliveries answered 200 QUEUED").isEqualTo(EVENTS);

                long heldByVictim = update(pool, "UPDATE " + INBOX + " SET lease_expires_at = lease_expires_at - INTERVAL '1 hour'"
                        + " WHERE status = 'RUNNING' AND claim_token IN (SELECT token FROM " + CLAIMS + " WHERE pid = " + victimPid + ")");
                awaitCondition("every row done", () -> inbox.counts().get(InboxMessage.Status.DONE) == EVENTS);
                survivor.send("STOP");
                survivor.await("STOPPED");
                assertThat(survivor.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

                Map<InboxMessage.Status, Long> counts = inbox.counts();
                assertThat(counts).containsEntry(InboxMessage.Status.DONE, (long) EVENTS)
                        .containsEntry(InboxMessage.Status.PENDING, 0L).containsEntry(InboxMessage.Status.RUNNING, 0L)
                        .containsEntry(InboxMessage.Status.DEAD, 0L);

                Map<String, List<Run>> runsByEvent = runs(pool);
                assertThat(runsByEvent).as("events handled at least once (none lost)").hasSize(EVENTS);
                Set<String> inFlightInVictim = new HashSet<>();
                Set<String> handledTwice = new HashSet<>();
                long victimRuns = 0;
                long survivorRuns = 0;
                for (Map.Entry<String, List<Run>> entry : runsByEvent.entrySet()) {
                    for (Run run : entry.getValue()) {
                        if (run.pid() == victimPid) {
                            victimRuns++;
                            if (!run.succeeded()) {
                                inFlightInVictim.add(entry.getKey());
                            }
                        } else {
                            assertThat(run.pid()).isEqualTo(survivorPid);
                            survivorRuns++;
                        }
                    }
                    if (entry.getValue().size() > 1) {
                        handledTwice.add(entry.getKey());
                    }
                }
                assertThat(runsByEvent.values()).as("no event handled more than twice").allSatisfy(runs -> assertThat(runs).hasSizeLessThanOrEqualTo(2));
                assertThat(handledTwice).as("events handled twice are exactly events in flight in the killed worker")
                        .isSubsetOf(inFlightInVictim);
                for (String event : handledTwice) {
                    assertThat(runsByEvent.get(event)).extracting(Run::pid).containsExactlyInAnyOrder(victimPid, survivorPid);
                }
                assertThat(inFlightInVictim).as("at most one attempt per worker thread was in flight").hasSizeLessThanOrEqualTo(WORKER_THREADS);
                assertThat(survivorRuns).isPositive();
                System.out.printf("inbox, 2 worker JVMs, one SIGKILLed: %d deliveries from %d threads, all %d events done;"
                        + " %d rows stored when killed; killed worker ran %d handlers, survivor %d; %d rows were held by the"
                        + " killed worker, %d attempts were in flight in it, %d events were handled twice (%s)%n", EVENTS, PRODUCERS,
                        counts.get(InboxMessage.Status.DONE), storedAtKill, victimRuns, survivorRuns, heldByVictim,
                        inFlightInVictim.size(), handledTwice.size(), handledTwice);
            } finally {
                victim.close();
                survivor.close();
            }
        }
    }

    private static ChildJvm start() throws Exception {
        return ChildJvm.start(InboxWorkerMain.class, TestDatabases.postgresUrl(), INBOX, RUNS, CLAIMS,
                Integer.toString(WORKER_THREADS), Integer.toString(LEASE_SECONDS));
    }

    /** Waits for a condition the database will reach; a bound, not a timing assertion. */
    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private record Run(long pid, boolean succeeded) {
    }

    private static Map<String, List<Run>> runs(HikariDataSource pool) throws SQLException {
        Map<String, List<Run>> runs = new HashMap<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT event_id, pid, succeeded FROM " + RUNS)) {
            while (rows.next()) {
                runs.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new Run(rows.getLong(2), rows.getBoolean(3)));
            }
        }
        return runs;
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        update(pool, sql);
    }

    private static long update(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            return statement.executeUpdate();
        }
    }

    private static long count(HikariDataSource pool, String sql) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
