package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactional handlers on both databases: the handler's insert and the done record commit
 * together or not at all; a duplicate runs nothing; concurrent deliveries of one event leave one
 * row; a failing handler leaves neither its row nor a done record, and the retry succeeds; the
 * same in inbox mode, where the worker's attempt is the transaction.
 */
class TransactionalHandlerTest {

    private static final int THREADS = 16;
    private static HikariDataSource postgres;
    private static DataSource h2;
    private static int tables;

    @BeforeAll
    static void open() {
        postgres = TestDatabases.postgresPool("pg-transactional", THREADS + 4);
        h2 = TestDatabases.h2("transactional");
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    private static DataSource database(String name) {
        return name.equals("postgresql") ? postgres : h2;
    }

    /** A fresh idempotency table and a fresh effects table (no unique key: duplicates must show). */
    private static String[] freshTables(DataSource dataSource) {
        int n = ++tables;
        String store = "tx_idempotency_" + n;
        String effects = "tx_effects_" + n;
        TestDatabases.drop(dataSource, store);
        TestDatabases.drop(dataSource, effects);
        execute(dataSource, "CREATE TABLE " + effects + " (event_id VARCHAR(100) NOT NULL)");
        return new String[] {store, effects};
    }

    static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void insertEffect(Connection connection, String effects, String eventId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + effects + " (event_id) VALUES (?)")) {
            insert.setString(1, eventId);
            insert.executeUpdate();
        }
    }

    static long rows(DataSource dataSource, String effects, String eventId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + effects + " WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JdbcIdempotencyStore store(DataSource dataSource, String table) {
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).tableName(table).createSchemaIfMissing(true).build();
        store.initialize();
        return store;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void handlerWriteCommitsWithTheDoneRecordAndADuplicateRunsNothing(String database) {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store(dataSource, t[0]))
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    runs.incrementAndGet();
                    insertEffect(connection, t[1], event.id());
                })).build();

        WebhookResponse first = receiver.receive(TestSource.delivery("evt_1"));
        WebhookResponse second = receiver.receive(TestSource.delivery("evt_1"));

        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(second.status()).isEqualTo(200);
        assertThat(runs).hasValue(1);
        assertThat(rows(dataSource, t[1], "evt_1")).isEqualTo(1);
        assertThat(TestDatabases.count(dataSource, t[0])).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void failingHandlerLeavesNoRowAndNoDoneRecordAndTheRetrySucceeds(String database) {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store(dataSource, t[0]))
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    insertEffect(connection, t[1], event.id());
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("the refund service refused it");
                    }
                })).build();

        WebhookResponse failed = receiver.receive(TestSource.delivery("evt_flaky"));

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(rows(dataSource, t[1], "evt_flaky")).as("the handler's insert was rolled back").isZero();
        assertThat(TestDatabases.count(dataSource, t[0])).as("no done record").isZero();

        WebhookResponse retried = receiver.receive(TestSource.delivery("evt_flaky"));

        assertThat(retried.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(runs).hasValue(2);
        assertThat(rows(dataSource, t[1], "evt_flaky")).isEqualTo(1);
        assertThat(receiver.receive(TestSource.delivery("evt_flaky")).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void handlerReportingAnUnavailableDependencyIsRolledBackAndAnswered503(String database) {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store(dataSource, t[0]))
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    insertEffect(connection, t[1], event.id());
                    throw new WebhookUnavailableException("the ledger is down", null);
                })).build();

        WebhookResponse response = receiver.receive(TestSource.delivery("evt_down"));

        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(response.status()).isEqualTo(503);
        assertThat(rows(dataSource, t[1], "evt_down")).isZero();
        assertThat(TestDatabases.count(dataSource, t[0])).isZero();
    }

    /**
     * Sixteen threads deliver one event at once, several rounds. The first transaction holds its
     * done record open until the other fifteen deliveries wait on it (seen in the database's own
     * lock views, at most a few seconds), so the collision happens on every round without relying
     * on scheduling luck; correctness is asserted on every round whatever the collisions were.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void sixteenConcurrentDeliveriesOfOneEventLeaveExactlyOneRow(String database) throws Exception {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        AtomicInteger runs = new AtomicInteger();
        List<Integer> waitersSeen = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store(dataSource, t[0]))
                .maxConcurrentDeliveries(THREADS)
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    runs.incrementAndGet();
                    insertEffect(connection, t[1], event.id());
                    waitersSeen.add(awaitWaiters(dataSource, database, t[0], THREADS - 1, Duration.ofSeconds(4)));
                })).build();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 3; round++) {
                String eventId = "evt_crowd_" + round;
                int runsBefore = runs.get();
                List<Outcome> outcomes = deliverAtOnce(threads, receiver, eventId);

                assertThat(rows(dataSource, t[1], eventId)).as("round %d: rows", round).isEqualTo(1);
                assertThat(runs.get() - runsBefore).as("round %d: handler runs", round).isEqualTo(1);
                assertThat(outcomes).as("round %d", round).containsOnlyOnce(Outcome.HANDLED)
                        .allMatch(o -> o == Outcome.HANDLED || o == Outcome.DUPLICATE || o == Outcome.IN_PROGRESS);
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.println(database + ": deliveries seen waiting on the first transaction, per round: " + waitersSeen);
    }

    private static List<Outcome> deliverAtOnce(ExecutorService threads, WebhookReceiver receiver, String eventId)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(threads.submit(() -> {
                start.await();
                return receiver.receive(TestSource.delivery(eventId)).outcome();
            }));
        }
        start.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get(60, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    /**
     * How many sessions wait on another transaction, polled until {@code expected} or the deadline:
     * on PostgreSQL those waiting for a lock; on H2 (whose row waits do not show as a blocker)
     * those in the middle of a statement on the idempotency table while the handler runs.
     */
    static int awaitWaiters(DataSource dataSource, String database, String table, int expected, Duration deadline)
            throws Exception {
        String sql = database.equals("postgresql")
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE LOWER(EXECUTING_STATEMENT) LIKE '%into "
                        + table.toLowerCase(java.util.Locale.ROOT) + " %'";
        long end = System.nanoTime() + deadline.toNanos();
        int seen = 0;
        while (System.nanoTime() < end) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                seen = rows.getInt(1);
            }
            if (seen >= expected) {
                return seen;
            }
            Thread.sleep(20);
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void inInboxModeTheAttemptIsTheTransaction(String database) {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        String inboxTable = "tx_inbox_" + tables;
        TestDatabases.drop(dataSource, inboxTable);
        JdbcInbox inbox = JdbcInbox.builder(dataSource).tableName(inboxTable).createSchemaIfMissing(true).build();
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    insertEffect(connection, t[1], event.id());
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails after its insert");
                    }
                })).build();
        InboxProcessor workers = InboxProcessor.builder(receiver, inbox).maxAttempts(5)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();

        assertThat(receiver.receive(TestSource.delivery("evt_inbox")).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(workers.runOnce()).isEqualTo(1);
        assertThat(rows(dataSource, t[1], "evt_inbox")).as("the failed attempt's insert was rolled back").isZero();
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.PENDING, 1L).containsEntry(InboxMessage.Status.DONE, 0L);

        InboxTables.advance(dataSource, inboxTable, Duration.ofMinutes(1));
        assertThat(workers.runOnce()).isEqualTo(1);

        assertThat(runs).hasValue(2);
        assertThat(rows(dataSource, t[1], "evt_inbox")).isEqualTo(1);
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.DONE, 1L).containsEntry(InboxMessage.Status.PENDING, 0L);
        assertThat(receiver.receive(TestSource.delivery("evt_inbox")).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aHandlerMayNotEndTheTransactionItself() {
        DataSource dataSource = database("h2");
        String[] t = freshTables(dataSource);
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store(dataSource, t[0]))
                .on("test.event", JdbcTransactions.handler((event, connection) -> {
                    insertEffect(connection, t[1], event.id());
                    connection.commit();
                })).build();

        assertThat(receiver.receive(TestSource.delivery("evt_commit")).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(rows(dataSource, t[1], "evt_commit")).isZero();
        assertThat(TestDatabases.count(dataSource, t[0])).isZero();
    }

    @Test
    void aTransactionalHandlerNeedsAStoreOrInboxThatRunsIt() {
        assertThatThrownBy(() -> WebhookReceiver.builder().source(TestSource.source())
                .idempotencyStore(IdempotencyStore.inMemory())
                .on("test.event", JdbcTransactions.handler((event, connection) -> { })).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransactionalIdempotencyStore");
        assertThatThrownBy(() -> WebhookReceiver.builder().source(TestSource.source()).inbox(Inbox.inMemory())
                .on("refund.*", JdbcTransactions.handler((event, connection) -> { })).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransactionalInbox");
    }

    @Test
    void anUnreachableDatabaseIsAnswered503WithoutRunningTheHandler() {
        DataSource dataSource = database("h2");
        String[] t = freshTables(dataSource);
        org.h2.jdbcx.JdbcDataSource unreachable = new org.h2.jdbcx.JdbcDataSource();
        unreachable.setURL("jdbc:h2:tcp://127.0.0.1:1/mem:nowhere");
        AtomicInteger runs = new AtomicInteger();
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).tableName(t[0]).createSchemaIfMissing(true)
                .transactions(TransactionRunner.localTransactions(unreachable)).build();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                .on("test.event", JdbcTransactions.handler((event, connection) -> runs.incrementAndGet())).build();

        WebhookResponse response = receiver.receive(TestSource.delivery("evt_unreachable"));

        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(response.status()).isEqualTo(503);
        assertThat(runs).hasValue(0);
        assertThat(TestDatabases.count(dataSource, t[0])).isZero();
    }

    @Test
    void calledOutsideATransactionTheHandlerSaysWhy() {
        assertThatThrownBy(() -> JdbcTransactions.handler((event, connection) -> { }).handle(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a payhooks-jdbc transaction");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void anEventClaimedByAnOrdinaryDispatchIsInProgressForATransactionalOne(String database) {
        DataSource dataSource = database(database);
        String[] t = freshTables(dataSource);
        JdbcIdempotencyStore store = store(dataSource, t[0]);
        store.claim(dev.payhooks.spi.IdempotencyKey.of(TestSource.source().decoder()
                .decode(TestSource.delivery("evt_held"), dev.payhooks.spi.Verification.verified())), Duration.ofMinutes(5));
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                .on("test.event", JdbcTransactions.handler((event, connection) -> insertEffect(connection, t[1], event.id())))
                .build();

        WebhookResponse response = receiver.receive(TestSource.delivery("evt_held"));

        assertThat(response.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(response.status()).isEqualTo(409);
        assertThat(rows(dataSource, t[1], "evt_held")).isZero();
        TestDatabases.advance(dataSource, t[0], Duration.ofMinutes(6));
        assertThat(receiver.receive(TestSource.delivery("evt_held")).outcome()).as("the expired claim is taken over")
                .isEqualTo(Outcome.HANDLED);
        assertThat(rows(dataSource, t[1], "evt_held")).isEqualTo(1);
    }
}
