package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * H2 2.x, in the application's process. H2 has no {@code INSERT ... ON CONFLICT}, so a unique key
 * decides between concurrent inserts and its violation is the duplicate answer; a conditional
 * {@code UPDATE} is re-checked by H2 on the newest row version after it waits for the row's lock,
 * so of many concurrent updaters of a row one wins (the others change nothing or get H2's
 * concurrent-update error).
 */
final class H2Dialect extends Dialect {

    /** H2's error code when two transactions changed one row at once (CONCURRENT_UPDATE_1). */
    private static final int CONCURRENT_UPDATE = 90131;

    H2Dialect() {
        super("h2", "H2");
    }

    @Override
    void requireVersion(int major, int minor) {
        if (major < 2) {
            throw new IllegalStateException("payhooks-jdbc needs H2 2.x; this database is H2 " + major + "." + minor
                    + ": upgrade com.h2database:h2");
        }
    }

    @Override
    int queryTimeoutSeconds(int configured) {
        // None: H2 runs in this process (nothing to wait for on a network), its lock waits are
        // bounded by its own LOCK_TIMEOUT, and a timeout on every statement made H2 several times
        // slower in our load run.
        return 0;
    }

    @Override
    String nowPlusMillis() {
        return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
    }

    @Override
    String insertUnlessDuplicate(String insert, String uniqueColumns) {
        // Autocommit: the failed insert is its own transaction, so its error affects nothing else.
        return insert;
    }

    @Override
    boolean isDuplicate(SQLException e) {
        return SqlStates.isUniqueViolation(e);
    }

    @Override
    boolean isLostRace(SQLException e) {
        return e.getErrorCode() == CONCURRENT_UPDATE;
    }

    @Override
    String updateReturning(String update, String columns) {
        return "SELECT " + columns + " FROM FINAL TABLE (" + update + ")";
    }

    @Override
    String updatePicked(String table, String set, String pick, String recheck, String columns) {
        // H2 evaluates the sub-select once, before the update (see InboxSql).
        return updateReturning("UPDATE " + table + " SET " + set + " WHERE id IN (" + pick + ") AND " + recheck, columns);
    }

    @Override
    boolean pickParametersFirst() {
        return false;
    }

    @Override
    String purgeExpiredKeys(String table) {
        return "DELETE FROM " + table + " WHERE expires_at <= CURRENT_TIMESTAMP FETCH FIRST ? ROWS ONLY";
    }

    @Override
    KeyClaim keyClaim(String table, String completedAt) {
        return new InsertThenTakeOver(table, nowPlusMillis(), completedAt);
    }

    /** Insert (the primary key decides), else take over an expired row, else read the live one. */
    private final class InsertThenTakeOver implements KeyClaim {
        private final String insertSql;
        private final String takeoverSql;
        private final String stateSql;

        InsertThenTakeOver(String table, String expiry, String completedAt) {
            this.insertSql = "INSERT INTO " + table + " (provider, tenant, event_key, claim_token, completed_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, " + completedAt + ", " + expiry + ")";
            this.takeoverSql = "UPDATE " + table + " SET claim_token = ?, completed_at = " + completedAt
                    + ", expires_at = " + expiry
                    + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at <= CURRENT_TIMESTAMP";
            this.stateSql = "SELECT completed_at, expires_at FROM " + table
                    + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at > CURRENT_TIMESTAMP";
        }

        @Override
        public Optional<ClaimResult> claim(TableSql sql, Connection connection, StoredKey key, ClaimToken token,
                                           long leaseMillis) throws SQLException {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                if (insert(sql, connection, key, token, leaseMillis)) {
                    return Optional.of(new ClaimResult.Claimed(token));
                }
                try (PreparedStatement takeover = sql.prepare(connection, takeoverSql)) {
                    takeover.setString(1, token.value());
                    takeover.setLong(2, leaseMillis);
                    key.bind(takeover, 3);
                    if (takeover.executeUpdate() == 1) {
                        return Optional.of(new ClaimResult.Claimed(token));
                    }
                } catch (SQLException e) {
                    if (!isLostRace(e)) {
                        throw e;
                    }
                    continue;
                }
                try (PreparedStatement state = sql.prepare(connection, stateSql)) {
                    key.bind(state, 1);
                    try (ResultSet row = state.executeQuery()) {
                        if (row.next()) {
                            return Optional.of(IdempotencySql.existing(row, 1, 2));
                        }
                    }
                }
                // Released or purged between the statements: start over.
            }
            return Optional.empty();
        }

        private boolean insert(TableSql sql, Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
                throws SQLException {
            try (PreparedStatement insert = sql.prepare(connection, insertSql)) {
                key.bind(insert, 1);
                insert.setString(4, token.value());
                insert.setLong(5, leaseMillis);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (isDuplicate(e) || isLostRace(e)) {
                    return false;
                }
                throw e;
            }
        }
    }
}
