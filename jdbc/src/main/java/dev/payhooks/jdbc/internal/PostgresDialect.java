package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL 9.5 or newer: {@code INSERT ... ON CONFLICT}, so that a duplicate never raises an
 * error (PostgreSQL aborts a whole transaction on any error), {@code RETURNING}, and
 * {@code FOR UPDATE SKIP LOCKED} for batched claims and purges.
 */
final class PostgresDialect extends Dialect {

    PostgresDialect() {
        super("postgresql", "PostgreSQL");
    }

    @Override
    void requireVersion(int major, int minor) {
        // INSERT ... ON CONFLICT arrived in 9.5.
        if (major < 9 || (major == 9 && minor < 5)) {
            throw new IllegalStateException("payhooks-jdbc needs PostgreSQL 9.5 or newer (for INSERT ... ON CONFLICT);"
                    + " this database is " + major + "." + minor);
        }
    }

    @Override
    int queryTimeoutSeconds(int configured) {
        return configured;
    }

    @Override
    String nowPlusMillis() {
        return "CURRENT_TIMESTAMP + ? * INTERVAL '1 millisecond'";
    }

    @Override
    String insertUnlessDuplicate(String insert, String uniqueColumns) {
        return insert + " ON CONFLICT (" + uniqueColumns + ") DO NOTHING";
    }

    @Override
    boolean isDuplicate(SQLException e) {
        // ON CONFLICT ... DO NOTHING never raises one; any error is a real failure.
        return false;
    }

    @Override
    boolean isLostRace(SQLException e) {
        // Row locks make concurrent writers wait and re-check their conditions instead.
        return false;
    }

    @Override
    String updateReturning(String update, String columns) {
        return update + " RETURNING " + columns;
    }

    @Override
    String updatePicked(String table, String set, String pick, String recheck, String columns) {
        // Not "WHERE id IN (<pick>)": the planner may run that sub-select again for each row the
        // update visits, and a second run skips the rows this very statement has just updated
        // and picks the next ones, so a claim of one row could take them all. A WITH query that
        // locks rows is run once and its rows kept (PostgreSQL never inlines it), on every
        // version this dialect supports.
        return "WITH picked AS (" + pick + ") UPDATE " + table + " SET " + set + " WHERE id IN (SELECT id FROM picked) AND "
                + recheck + " RETURNING " + columns;
    }

    @Override
    boolean pickParametersFirst() {
        return true;
    }

    @Override
    String purgeExpiredKeys(String table) {
        // SKIP LOCKED leaves rows that a claim is taking over right now; the outer condition is
        // re-checked on the row it deletes.
        return "DELETE FROM " + table + " WHERE (provider, tenant, event_key) IN ("
                + "SELECT provider, tenant, event_key FROM " + table
                + " WHERE expires_at <= CURRENT_TIMESTAMP LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " AND expires_at <= CURRENT_TIMESTAMP";
    }

    @Override
    KeyClaim keyClaim(String table, String completedAt) {
        // The plain claim (completed_at NULL) runs in its own autocommit transaction and may commit
        // asynchronously (see OneStatement). The completed claim runs inside the handlers'
        // transaction: their commit, and the completion it records, stay as durable as the
        // application's settings make them.
        boolean ownTransaction = "NULL".equals(completedAt);
        return new OneStatement(table, nowPlusMillis(), completedAt, ownTransaction);
    }

    /**
     * The insert wins for a new key; for an existing one ON CONFLICT locks the row and takes it
     * over only when its expiry has passed, re-checked on the newest row version, so of many
     * concurrent claimers of an expired key exactly one updates it. No unique-violation error is
     * ever raised, so even a claim that ran inside someone's transaction could not abort it. The
     * second SELECT reports a live row; it reads the statement's snapshot, so a row that appeared
     * or changed concurrently can leave both halves empty: the claim then tries again.
     *
     * <p><b>Commit without waiting for the disk (ordinary claims only).</b> A winning claim runs
     * {@code set_config('synchronous_commit', 'off', true)}, the function form of
     * {@code SET LOCAL}: it lasts until the end of the statement's own autocommit transaction, and
     * PostgreSQL decides at commit whether to wait for the WAL flush ("the behavior for any one
     * transaction is determined by the setting in effect when it commits",
     * https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT). The
     * claim is still atomic and visible to every other session the moment it commits; only a
     * server crash within the WAL writer's delay (at most three times {@code wal_writer_delay},
     * 600 ms by default) can lose it, and then no synchronous commit made after it on that server
     * (the handler's own, the completion) had been acknowledged either, since WAL is flushed in
     * order.
     * Losing a claim is what at-least-once delivery already allows: the event is not recorded as
     * done, so the provider's retry runs it, exactly as after a crash between claim and
     * completion. The completion, which is what stops a later delivery from running the handlers
     * again, and the release keep the server's setting (synchronous by default). The transactional
     * dispatch's claim ({@link #completedKeyClaim}) never relaxes anything: it shares the
     * handlers' transaction.
     */
    private static final class OneStatement implements KeyClaim {
        private final String claimSql;

        OneStatement(String table, String expiry, String completedAt, boolean asynchronousCommit) {
            this.claimSql = "WITH claimed AS ("
                    + " INSERT INTO " + table + " AS c (provider, tenant, event_key, claim_token, completed_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, " + completedAt + ", " + expiry + ")"
                    + " ON CONFLICT (provider, tenant, event_key) DO UPDATE"
                    + " SET claim_token = EXCLUDED.claim_token, completed_at = EXCLUDED.completed_at,"
                    + " expires_at = EXCLUDED.expires_at"
                    + " WHERE c.expires_at <= CURRENT_TIMESTAMP"
                    + " RETURNING c.completed_at, c.expires_at)"
                    + (asynchronousCommit
                    // In the select list, so it runs exactly when the claim wins, before the commit.
                    ? " SELECT set_config('synchronous_commit', 'off', true) IS NOT NULL, completed_at, expires_at"
                    + " FROM claimed"
                    : " SELECT TRUE, completed_at, expires_at FROM claimed")
                    + " UNION ALL"
                    + " SELECT FALSE, completed_at, expires_at FROM " + table
                    + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at > CURRENT_TIMESTAMP";
        }

        @Override
        public Optional<ClaimResult> claim(TableSql sql, Connection connection, StoredKey key, ClaimToken token,
                                           long leaseMillis) throws SQLException {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                try (PreparedStatement statement = sql.prepare(connection, claimSql)) {
                    key.bind(statement, 1);
                    statement.setString(4, token.value());
                    statement.setLong(5, leaseMillis);
                    key.bind(statement, 6);
                    try (ResultSet rows = statement.executeQuery()) {
                        ClaimResult existing = null;
                        while (rows.next()) {
                            if (rows.getBoolean(1)) {
                                return Optional.of(new ClaimResult.Claimed(token));
                            }
                            existing = IdempotencySql.existing(rows, 2, 3);
                        }
                        if (existing != null) {
                            return Optional.of(existing);
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }
}
