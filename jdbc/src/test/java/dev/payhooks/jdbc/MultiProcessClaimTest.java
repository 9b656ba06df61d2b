package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The testkit's {@link MultiProcessClaimRace} against one PostgreSQL server: two JVM processes x 8
 * threads x 2,000 events, every thread delivering every event (16 deliveries per event); the
 * handler runs exactly 2,000 times, never twice for one event, and both processes win some events
 * (in one of at most three rounds). The same harness with a naive check-then-insert store must run
 * some event twice, or the harness proves nothing.
 */
class MultiProcessClaimTest {

    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-multiprocess", 2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void twoProcessesRunEveryEventExactlyOnce() throws Exception {
        MultiProcessClaimRace.builder(ClaimRaceStores.Real.class).name("JdbcIdempotencyStore").build()
                .assertExactlyOnce(round -> emptyTable("mp_idempotency_" + round));
    }

    @Test
    void naiveCheckThenInsertStoreRunsSomeEventsTwiceInTheSameHarness() throws Exception {
        MultiProcessClaimRace.builder(ClaimRaceStores.Naive.class).name("naive check-then-insert store").build()
                .assertRunsSomeEventTwice(round -> emptyTable("mp_naive"));
    }

    /** The children's arguments, for a new, empty table created here (not by two children at once). */
    private static List<String> emptyTable(String table) {
        TestDatabases.drop(pool, table);
        JdbcIdempotencyStore.builder(pool).tableName(table).createSchemaIfMissing(true).build().initialize();
        return List.of(TestDatabases.postgresUrl(), table);
    }
}
