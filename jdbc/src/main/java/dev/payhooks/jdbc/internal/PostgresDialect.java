package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** PostgreSQL 9.5+: one statement per claim, built on {@code INSERT ... ON CONFLICT}. */
final class PostgresDialect extends Dialect {

    private final String claimSql;

    PostgresDialect(TableName table, int queryTimeoutSeconds) {
        super(table, queryTimeoutSeconds, "CURRENT_TIMESTAMP + ? * INTERVAL '1 millisecond'", purgeSql(table.qualified()));
        String t = table.qualified();
        // The insert wins for a new key; for an existing one ON CONFLICT locks the row and takes it
        // over only when its expiry has passed, re-checked on the newest row version, so of many
        // concurrent claimers of an expired key exactly one updates it. No unique-violation error is
        // ever raised, so even a claim that ran inside someone's transaction could not abort it.
        // The second SELECT reports a live row; it reads the statement's snapshot, so a row that
        // appeared or changed concurrently can leave both halves empty: the caller then tries again.
        this.claimSql = "WITH claimed AS ("
                + " INSERT INTO " + t + " AS c (provider, tenant, event_key, claim_token, completed_at, expires_at)"
                + " VALUES (?, ?, ?, ?, NULL, CURRENT_TIMESTAMP + ? * INTERVAL '1 millisecond')"
                + " ON CONFLICT (provider, tenant, event_key) DO UPDATE"
                + " SET claim_token = EXCLUDED.claim_token, completed_at = NULL, expires_at = EXCLUDED.expires_at"
                + " WHERE c.expires_at <= CURRENT_TIMESTAMP"
                + " RETURNING c.completed_at, c.expires_at)"
                + " SELECT TRUE, completed_at, expires_at FROM claimed"
                + " UNION ALL"
                + " SELECT FALSE, completed_at, expires_at FROM " + t
                + " WHERE provider = ? AND tenant = ? AND event_key = ? AND expires_at > CURRENT_TIMESTAMP";
    }

    private static String purgeSql(String t) {
        // SKIP LOCKED leaves rows that a claim is taking over right now; the outer condition is
        // re-checked on the row it deletes.
        return "DELETE FROM " + t + " WHERE (provider, tenant, event_key) IN ("
                + "SELECT provider, tenant, event_key FROM " + t
                + " WHERE expires_at <= CURRENT_TIMESTAMP LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " AND expires_at <= CURRENT_TIMESTAMP";
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Optional<ClaimResult> claim(Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
            throws SQLException {
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            try (PreparedStatement statement = prepare(connection, claimSql)) {
                bindKey(statement, 1, key);
                statement.setString(4, token.value());
                statement.setLong(5, leaseMillis);
                bindKey(statement, 6, key);
                try (ResultSet rows = statement.executeQuery()) {
                    ClaimResult existing = null;
                    while (rows.next()) {
                        if (rows.getBoolean(1)) {
                            return Optional.of(new ClaimResult.Claimed(token));
                        }
                        existing = existing(rows, 2, 3);
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
