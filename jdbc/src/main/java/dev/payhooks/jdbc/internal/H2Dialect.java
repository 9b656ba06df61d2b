package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * H2 2.x: portable SQL. The primary key decides between concurrent inserts; an expired row is taken
 * over by an UPDATE whose condition H2 re-checks after waiting for the row's lock, so one of many
 * concurrent claimers wins.
 */
final class H2Dialect extends Dialect {

    /** H2's SQLState for a duplicate primary key. */
    private static final String DUPLICATE_KEY = "23505";
    /** H2's error code when two transactions changed one row at once (CONCURRENT_UPDATE_1). */
    private static final int CONCURRENT_UPDATE = 90131;

    private final String insertSql;
    private final String takeoverSql;
    private final String stateSql;

    H2Dialect(TableName table) {
        // No JDBC query timeout: H2 runs in this process (nothing to wait for on a network), its
        // lock waits are bounded by its own LOCK_TIMEOUT, and setting a timeout on every statement
        // made H2 several times slower in our load run.
        super(table, 0, "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)",
                "DELETE FROM " + table.qualified() + " WHERE expires_at <= CURRENT_TIMESTAMP FETCH FIRST ? ROWS ONLY");
        String t = table.qualified();
        this.insertSql = "INSERT INTO " + t + " (provider, tenant, event_key, claim_token, completed_at, expires_at)"
                + " VALUES (?, ?, ?, ?, NULL, DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP))";
        this.takeoverSql = "UPDATE " + t + " SET claim_token = ?, completed_at = NULL,"
                + " expires_at = DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"
                + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at <= CURRENT_TIMESTAMP";
        this.stateSql = "SELECT completed_at, expires_at FROM " + t
                + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at > CURRENT_TIMESTAMP";
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public Optional<ClaimResult> claim(Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
            throws SQLException {
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            if (insert(connection, key, token, leaseMillis)) {
                return Optional.of(new ClaimResult.Claimed(token));
            }
            try (PreparedStatement takeover = prepare(connection, takeoverSql)) {
                takeover.setString(1, token.value());
                takeover.setLong(2, leaseMillis);
                bindKey(takeover, 3, key);
                if (takeover.executeUpdate() == 1) {
                    return Optional.of(new ClaimResult.Claimed(token));
                }
            } catch (SQLException e) {
                if (e.getErrorCode() != CONCURRENT_UPDATE) {
                    throw e;
                }
                continue;
            }
            try (PreparedStatement state = prepare(connection, stateSql)) {
                bindKey(state, 1, key);
                try (ResultSet row = state.executeQuery()) {
                    if (row.next()) {
                        return Optional.of(existing(row, 1, 2));
                    }
                }
            }
            // Released or purged between the statements: start over.
        }
        return Optional.empty();
    }

    private boolean insert(Connection connection, StoredKey key, ClaimToken token, long leaseMillis) throws SQLException {
        try (PreparedStatement insert = prepare(connection, insertSql)) {
            bindKey(insert, 1, key);
            insert.setString(4, token.value());
            insert.setLong(5, leaseMillis);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            // Autocommit: the failed insert was its own transaction, so nothing else is affected.
            if (DUPLICATE_KEY.equals(e.getSQLState()) || e.getErrorCode() == CONCURRENT_UPDATE) {
                return false;
            }
            throw e;
        }
    }
}
