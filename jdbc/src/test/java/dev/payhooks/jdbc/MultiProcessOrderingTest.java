package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.testkit.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVM processes x 8 threads against one PostgreSQL server, racing on 20 refunds of 15 versions
 * each: every thread delivers every version of every refund once, in its own random order. With
 * {@link JdbcObjectVersionStore} behind the ordering guard, the handler (which applies what it is
 * given, last write wins) applies each refund's versions in strictly increasing order and ends on
 * the newest one. The same harness with a naive read-then-write version store lets an older event
 * through after a newer one was applied.
 */
class MultiProcessOrderingTest {

    private static final int PROCESSES = 2;
    private static final int THREADS = 8;
    private static final int OBJECTS = 20;
    private static final int VERSIONS = 15;
    private static final int ROUNDS = 3;

    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-multiprocess-ordering", 2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void twoProcessesApplyEveryObjectsVersionsInOrderAndEndOnTheNewest() throws Exception {
        // Order is asserted on every round. A round in which one process was scheduled so late
        // that the other handled everything shows no race between processes, so it is run again,
        // a bounded number of times.
        long processes = 0;
        for (int round = 1; round <= ROUNDS && processes < PROCESSES; round++) {
            processes = oneRound(round);
        }
        assertThat(processes).as("processes whose handler ran").isEqualTo(PROCESSES);
    }

    private long oneRound(int round) throws Exception {
        long seed = System.nanoTime();
        String log = "mp_ordering_log_" + round;
        Map<String, List<Long>> applied = race("real", "mp_versions_" + round, log, seed);

        assertThat(applied).as("seed %d", seed).hasSize(OBJECTS);
        long processes = countDistinct("SELECT COUNT(DISTINCT pid) FROM " + log);
        for (Map.Entry<String, List<Long>> object : applied.entrySet()) {
            List<Long> versions = object.getValue();
            for (int i = 1; i < versions.size(); i++) {
                assertThat(versions.get(i)).as("seed %d, %s applied %s", seed, object.getKey(), versions)
                        .isGreaterThan(versions.get(i - 1));
            }
            assertThat(versions.get(versions.size() - 1)).as("seed %d, %s ends on the newest", seed, object.getKey())
                    .isEqualTo(VERSIONS - 1);
        }
        int runs = applied.values().stream().mapToInt(List::size).sum();
        System.out.printf("multi-process ordering, JdbcObjectVersionStore, round %d: %d handler runs for %d objects x %d"
                + " versions, from %d processes, each object's versions applied in increasing order%n", round, runs, OBJECTS,
                VERSIONS, processes);
        return processes;
    }

    @Test
    void aNaiveReadThenWriteStoreLetsAnOlderEventThroughInTheSameHarness() throws Exception {
        // Whether a read and a write interleave badly is up to the scheduler: a round without one
        // is run again, a bounded number of times (each round has a handful of them on average).
        int backwards = 0;
        for (int round = 1; round <= 2 * ROUNDS && backwards == 0; round++) {
            long seed = System.nanoTime();
            Map<String, List<Long>> applied = race("naive", "mp_naive_versions_" + round, "mp_naive_ordering_log_" + round, seed);
            for (List<Long> versions : applied.values()) {
                for (int i = 1; i < versions.size(); i++) {
                    if (versions.get(i) < versions.get(i - 1)) {
                        backwards++;
                    }
                }
            }
            System.out.printf("multi-process ordering, naive read-then-write store, round %d (seed %d): %d times an older"
                    + " event was applied after a newer one%n", round, seed, backwards);
        }
        assertThat(backwards).as("older events applied after newer ones (negative control)").isPositive();
    }

    private Map<String, List<Long>> race(String store, String versionTable, String logTable, long seed) throws Exception {
        TestDatabases.drop(pool, versionTable);
        TestDatabases.drop(pool, logTable);
        JdbcObjectVersionStore.builder(pool).tableName(versionTable).createSchemaIfMissing(true).build().initialize();
        execute("CREATE TABLE " + logTable + " (serial BIGSERIAL PRIMARY KEY, object_id VARCHAR(64) NOT NULL,"
                + " version BIGINT NOT NULL, pid BIGINT NOT NULL)");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                children.add(ChildJvm.start(OrderingWorkerMain.class, TestDatabases.postgresUrl(), versionTable, logTable, store,
                        Integer.toString(THREADS), Integer.toString(OBJECTS), Integer.toString(VERSIONS), Long.toString(seed + p)));
            }
            for (ChildJvm child : children) {
                child.await("READY");
            }
            for (ChildJvm child : children) {
                child.send("GO");
            }
            for (ChildJvm child : children) {
                child.await("DONE");
                assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.process().exitValue()).isZero();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        Map<String, List<Long>> applied = new HashMap<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT object_id, version FROM " + logTable + " ORDER BY serial")) {
            while (rows.next()) {
                applied.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getLong(2));
            }
        }
        return applied;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long countDistinct(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
