package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.testkit.ChildJvm;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash evidence for transactional handlers: application instances (separate JVMs) are killed
 * with SIGKILL between their handler's insert and the commit, each time at a point chosen by a
 * seeded random: right after the insert, or after the last handler; now and then also after the
 * commit, before the provider has its answer. Each instance announces the point on stdout and waits
 * there, so the kill lands exactly where the random chose. The provider's retry goes to a fresh
 * instance. Afterwards every acknowledged event's row exists exactly once. 20 kills per database in
 * {@code mvn verify}; the 200 in all with {@code -Dpayhooks.killTest.kills=100}.
 *
 * <p>The same harness with an ordinary handler (its insert autocommits, the completion follows) is
 * the control: every kill between its insert and the completion leaves a row that the retry, after
 * the lease (moved on the database clock), inserts again; the test counts those duplicates (6
 * kills per database, {@code -Dpayhooks.killTest.controlKills=N}). Two instances run side by side,
 * each on its own events, and each has a spare starting in the background, so a kill costs no wait
 * for a JVM. PostgreSQL is the shared embedded server; H2 is served over TCP by this JVM, so that a
 * killed instance's session is rolled back by the server as PostgreSQL does it.
 */
class TransactionalKillTest {

    /**
     * Kills between the insert and the commit with the transactional handler, per database. Each
     * kill costs a JVM start (about 0.6 s of CPU: the JDBC driver, Jackson, payhooks), so
     * {@code mvn verify} runs 20 per database and the 200 (100 per database) is
     * {@code -Dpayhooks.killTest.kills=100}.
     */
    private static final int KILLS = Integer.getInteger("payhooks.killTest.kills", 20);
    /** The same for the ordinary-handler control, whose duplicates are deterministic: one per kill. */
    private static final int CONTROL_KILLS = Integer.getInteger("payhooks.killTest.controlKills", 6);
    /** Application instances killed and replaced side by side, each with its own events. */
    private static final int LANES = 2;
    private static final double KILL_BEFORE_COMMIT = 0.4;
    private static final double KILL_AFTER_COMMIT = 0.05;
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int MAX_DELIVERIES_PER_EVENT = 50;

    private static HikariDataSource postgres;
    private static Server h2Server;
    private static String h2Url;
    private static DataSource h2;

    @BeforeAll
    static void open() throws Exception {
        postgres = TestDatabases.postgresPool("pg-kill-tx", 4);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        h2Server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        h2 = TestDatabases.h2("kill-tx");
        h2Url = "jdbc:h2:tcp://localhost:" + port + "/mem:kill-tx;LOCK_TIMEOUT=10000";
    }

    @AfterAll
    static void close() {
        postgres.close();
        h2Server.stop();
    }

    @ParameterizedTest(name = "{0}, {1} handler")
    @CsvSource({"postgresql, transactional", "h2, transactional", "postgresql, ordinary", "h2, ordinary"})
    void killsBetweenTheInsertAndTheCommit(String database, String mode) throws Exception {
        DataSource dataSource = database.equals("postgresql") ? postgres : h2;
        String url = database.equals("postgresql") ? TestDatabases.postgresUrl() : h2Url;
        String storeTable = "kill_" + mode + "_idempotency";
        String effects = "kill_" + mode + "_effects";
        TestDatabases.drop(dataSource, storeTable);
        TestDatabases.drop(dataSource, effects);
        TransactionalHandlerTest.execute(dataSource, "CREATE TABLE " + effects + " (event_id VARCHAR(100) NOT NULL)");
        JdbcIdempotencyStore.builder(dataSource).tableName(storeTable).createSchemaIfMissing(true).build().initialize();
        long seed = new Random().nextLong();
        int kills = mode.equals("transactional") ? KILLS : CONTROL_KILLS;

        List<Run> runs = new ArrayList<>();
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                int laneKills = kills / LANES + (lane < kills % LANES ? 1 : 0);
                Random random = new Random(seed + lane);
                String prefix = "evt_" + lane + "_";
                futures.add(lanes.submit(() -> {
                    try (Children children = new Children(url, storeTable, effects, mode)) {
                        Run run = new Run(children, dataSource, storeTable, random, prefix);
                        run.deliverUntilKilled(laneKills);
                        return run;
                    }
                }));
            }
            for (Future<Run> future : futures) {
                runs.add(future.get(15, TimeUnit.MINUTES));
            }
        } finally {
            lanes.shutdownNow();
        }

        Map<String, Long> rows = rowsPerEvent(dataSource, effects);
        List<String> delivered = new ArrayList<>();
        int killsBeforeCommit = 0;
        int killsAfterCommit = 0;
        int deliveries = 0;
        for (Run run : runs) {
            delivered.addAll(run.delivered);
            killsBeforeCommit += run.killsBeforeCommit;
            killsAfterCommit += run.killsAfterCommit;
            deliveries += run.deliveries;
        }
        long duplicates = 0;
        for (String eventId : delivered) {
            duplicates += Math.max(0, rows.getOrDefault(eventId, 0L) - 1);
        }
        System.out.printf("%s, %s handler, seed %d: %d events, %d kills between insert and commit, %d after the"
                        + " commit, %d deliveries in all; duplicate rows: %d%n", database, mode, seed, delivered.size(),
                killsBeforeCommit, killsAfterCommit, deliveries, duplicates);
        assertThat(killsBeforeCommit).as("seed %d", seed).isEqualTo(kills);
        assertThat(rows.keySet()).as("seed %d: every acknowledged event has its row", seed)
                .containsExactlyInAnyOrderElementsOf(delivered);
        if (mode.equals("transactional")) {
            assertThat(rows).as("seed %d: every event's row exactly once", seed).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        } else {
            // The control: each kill between its insert and its completion leaves a row the retry adds again.
            assertThat(duplicates).as("seed %d: duplicates of the ordinary handler", seed).isEqualTo(killsBeforeCommit);
        }
    }

    private static Map<String, Long> rowsPerEvent(DataSource dataSource, String effects) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT event_id, COUNT(*) FROM " + effects + " GROUP BY event_id")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getLong(2));
            }
        }
        return rows;
    }

    /** The deliveries of one run and where the kills fell. */
    private static final class Run {
        private final Children children;
        private final DataSource dataSource;
        private final String storeTable;
        private final Random random;
        private final String prefix;
        private final List<String> delivered = new ArrayList<>();
        private int killsBeforeCommit;
        private int killsAfterCommit;
        private int deliveries;

        Run(Children children, DataSource dataSource, String storeTable, Random random, String prefix) {
            this.children = children;
            this.prefix = prefix;
            this.dataSource = dataSource;
            this.storeTable = storeTable;
            this.random = random;
        }

        void deliverUntilKilled(int kills) throws Exception {
            for (int n = 0; killsBeforeCommit < kills; n++) {
                String eventId = prefix + n;
                deliverUntilAcknowledged(eventId, kills);
                delivered.add(eventId);
            }
        }

        /** Delivers one event as the provider would: again after every kill and every non-2xx answer. */
        private void deliverUntilAcknowledged(String eventId, int kills) throws Exception {
            for (int attempt = 0; attempt < MAX_DELIVERIES_PER_EVENT; attempt++) {
                deliveries++;
                ChildJvm child = children.current();
                child.send("DELIVER " + eventId);
                String status = null;
                String line;
                while (status == null && (line = child.readLine()) != null) {
                    boolean beforeCommit = line.equals("INSERTED " + eventId) || line.equals("HANDLERS-DONE " + eventId);
                    if (beforeCommit && killsBeforeCommit < kills && random.nextDouble() < KILL_BEFORE_COMMIT) {
                        killsBeforeCommit++;
                        status = "killed";
                    } else if (line.startsWith("ANSWERED ") && random.nextDouble() < KILL_AFTER_COMMIT) {
                        killsAfterCommit++;
                        status = "killed";
                    } else if (beforeCommit || line.startsWith("ANSWERED ")) {
                        child.send("GO");
                    } else if (line.startsWith("DONE " + eventId + " ")) {
                        status = line.split(" ")[2];
                    }
                }
                if (status == null) {
                    throw new IllegalStateException("the child exited while delivering " + eventId);
                }
                if (status.equals("killed")) {
                    children.kill();
                    // The provider retries after the lease: make it pass on the database clock.
                    TestDatabases.advance(dataSource, storeTable, LEASE.plusSeconds(1));
                } else if (status.equals("200")) {
                    return;
                }
            }
            throw new IllegalStateException(eventId + " was not acknowledged after " + MAX_DELIVERIES_PER_EVENT + " deliveries");
        }
    }

    /** The running child and a spare one starting in the background. */
    private static final class Children implements AutoCloseable {
        private final String[] args;
        private final ExecutorService starter = Executors.newSingleThreadExecutor();
        private ChildJvm current;
        private Future<ChildJvm> spare;

        Children(String url, String storeTable, String effects, String mode) throws Exception {
            this.args = new String[] {url, storeTable, effects, mode, Long.toString(LEASE.toSeconds())};
            this.current = startReady();
            this.spare = starter.submit(this::startReady);
        }

        private ChildJvm startReady() throws IOException {
            ChildJvm child = ChildJvm.start(KillPointWorkerMain.class, args);
            child.await("READY");
            return child;
        }

        ChildJvm current() {
            return current;
        }

        void kill() throws Exception {
            current.process().destroyForcibly();
            assertThat(current.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(current.process().exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);
            current.close();
            current = spare.get(60, TimeUnit.SECONDS);
            spare = starter.submit(this::startReady);
        }

        @Override
        public void close() throws IOException {
            current.close();
            try {
                spare.get(60, TimeUnit.SECONDS).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("the spare child did not start", e);
            } finally {
                starter.shutdownNow();
            }
        }
    }
}
