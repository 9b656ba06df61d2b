package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.Inbox;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver in inbox mode and core's {@link InboxProcessor} on the JDBC inbox, on both
 * databases: retries with growing delays on the database clock (moved by shifting stored instants,
 * never by sleeping), dead rows, replay, and concurrent claimers that never share a row.
 */
class InboxProcessingTest {

    private static HikariDataSource postgres;
    private static DataSource h2;
    private static int tables;

    @BeforeAll
    static void open() {
        postgres = TestDatabases.postgresPool("pg-inbox-processing", 10);
        h2 = TestDatabases.h2("inbox-processing");
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    private static DataSource database(String name) {
        return name.equals("postgresql") ? postgres : h2;
    }

    private static String freshTable(DataSource dataSource) {
        String table = "processing_inbox_" + (++tables);
        TestDatabases.drop(dataSource, table);
        return table;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void handlerFailingTwiceRunsExactlyThreeTimesWithGrowingDelays(String database) {
        DataSource dataSource = database(database);
        String table = freshTable(dataSource);
        JdbcInbox inbox = JdbcInbox.builder(dataSource).tableName(table).createSchemaIfMissing(true).build();
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                .on("test.event", event -> {
                    if (runs.incrementAndGet() <= 2) {
                        throw new IllegalStateException("downstream refused attempt " + runs.get());
                    }
                }).build();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        long seed = new Random().nextLong();
        InboxProcessor workers = InboxProcessor.builder(receiver, inbox).maxAttempts(5)
                .backoff(Duration.ofSeconds(10), Duration.ofHours(1)).random(new Random(seed))
                .listener(new InboxListener() {
                    @Override
                    public void onRetryScheduled(InboxMessage message, Duration delay, Throwable failure) {
                        delays.add(delay);
                    }
                }).build();

        assertThat(receiver.receive(TestSource.delivery("evt_flaky")).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(runs).as("the answer does not wait for the handler").hasValue(0);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(workers.runOnce()).as("attempt %d, seed %d", attempt, seed).isEqualTo(1);
            assertThat(workers.runOnce()).as("not due before its delay, seed %d", seed).isZero();
            InboxTables.advance(dataSource, table, Duration.ofHours(1));
        }

        assertThat(runs).hasValue(3);
        assertThat(workers.runOnce()).isZero();
        assertThat(delays).as("seed %d", seed).hasSize(2);
        assertThat(delays.get(0)).as("seed %d", seed).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(delays.get(1)).as("seed %d", seed).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.DONE, 1L).containsEntry(InboxMessage.Status.PENDING, 0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void handlerFailingForeverIsDeadAfterMaxAttemptsAndReplayRunsItAgain(String database) {
        DataSource dataSource = database(database);
        String table = freshTable(dataSource);
        JdbcInbox inbox = JdbcInbox.builder(dataSource).tableName(table).createSchemaIfMissing(true).build();
        AtomicInteger runs = new AtomicInteger();
        boolean[] healthy = {false};
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                .on("test.event", event -> {
                    runs.incrementAndGet();
                    if (!healthy[0]) {
                        throw new IllegalStateException("downstream is down");
                    }
                }).build();
        InboxProcessor workers = InboxProcessor.builder(receiver, inbox).maxAttempts(3)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        receiver.receive(TestSource.delivery("evt_doomed"));

        for (int i = 0; i < 5; i++) {
            workers.runOnce();
            InboxTables.advance(dataSource, table, Duration.ofMinutes(1));
        }

        assertThat(runs).hasValue(3);
        List<InboxMessage> dead = inbox.listDead(10);
        assertThat(dead).singleElement().satisfies(message -> {
            assertThat(message.eventId()).isEqualTo("evt_doomed");
            assertThat(message.attempts()).isEqualTo(3);
            assertThat(message.lastError()).contains("java.lang.IllegalStateException: downstream is down");
        });
        healthy[0] = true;
        assertThat(inbox.replayDeadWithoutReverifying(dead.get(0).id())).isTrue();
        assertThat(workers.runOnce()).isEqualTo(1);
        assertThat(runs).hasValue(4);
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.DONE, 1L).containsEntry(InboxMessage.Status.DEAD, 0L);
        assertThat(receiver.receive(TestSource.delivery("evt_doomed")).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void concurrentClaimersNeverShareARow(String database) throws Exception {
        DataSource dataSource = database(database);
        String table = freshTable(dataSource);
        JdbcInbox setup = JdbcInbox.builder(dataSource).tableName(table).createSchemaIfMissing(true).build();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(setup)
                .on("test.event", event -> { }).build();
        int rows = 400;
        for (int i = 0; i < rows; i++) {
            receiver.receive(TestSource.delivery("evt_" + i));
        }
        int claimers = 6;
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                // Each claimer its own instance, as in separate processes.
                Inbox inbox = JdbcInbox.builder(dataSource).tableName(table).build();
                futures.add(threads.submit(() -> {
                    start.await();
                    int empty = 0;
                    while (empty < 3) {
                        List<InboxMessage> batch = inbox.claimDue(7, Duration.ofMinutes(5));
                        empty = batch.isEmpty() ? empty + 1 : 0;
                        for (InboxMessage message : batch) {
                            if (!claimed.add(message.eventId())) {
                                duplicates.incrementAndGet();
                            }
                            assertThat(inbox.markDone(message)).isTrue();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(claimed).hasSize(rows);
        assertThat(setup.counts()).containsEntry(InboxMessage.Status.DONE, (long) rows);
    }
}
