package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.testkit.contract.SigkillTakeover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * A JVM is killed with SIGKILL between claim and completion, on PostgreSQL: the test kit's
 * {@link SigkillTakeover}. Until its lease ends, redeliveries are answered "in progress" and run
 * nothing; after it, eight concurrent redeliveries from another process run the event exactly
 * once, and later ones are duplicates. The negative control (a store that ignores the lease) leaves
 * the event stuck, and the same check catches it. The lease's end is simulated by moving the
 * table's expiry times back ({@link TestDatabases#advance}), not waited for.
 */
class SigkillTest {

    private static final SigkillTakeover TAKEOVER = SigkillTakeover.builder(ClaimRaceStores.Real.class)
            .name("JdbcIdempotencyStore").build();

    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool("pg-sigkill", 2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void eventClaimedByAKilledProcessRunsExactlyOnceAfterItsLeaseExpires() throws Exception {
        String table = emptyTable("sigkill_idempotency");
        TAKEOVER.assertRunsExactlyOnceAfterTheLease(List.of(TestDatabases.postgresUrl(), table),
                elapsed -> TestDatabases.advance(pool, table, elapsed));
    }

    @Test
    void aStoreThatIgnoresTheLeaseLeavesTheKilledProcessesEventStuck() throws Exception {
        String table = emptyTable("sigkill_control");
        TAKEOVER.assertIgnoredLeaseLeavesTheEventStuck(List.of(TestDatabases.postgresUrl(), table),
                elapsed -> TestDatabases.advance(pool, table, elapsed));
    }

    private static String emptyTable(String table) {
        TestDatabases.drop(pool, table);
        JdbcIdempotencyStore.builder(pool).tableName(table).createSchemaIfMissing(true).build().initialize();
        return table;
    }
}
