package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The idempotency table's statements on one dialect. One row per (provider, tenant, event_key):
 * while claimed, {@code completed_at} is NULL and {@code expires_at} is when the lease ends; once
 * completed, {@code expires_at} is the completion plus the retention. A row whose expiry has passed
 * on the database clock may be taken over or purged.
 */
public final class IdempotencySql extends TableSql {

    private static final String COLUMNS = "provider, tenant, event_key, claim_token, completed_at, expires_at";

    private final KeyClaim claim;
    private final KeyClaim completedClaim;
    private final String completeSql;
    private final String releaseSql;
    private final String purgeSql;

    IdempotencySql(Dialect dialect, TableName table, int queryTimeoutSeconds) {
        super(dialect, table, queryTimeoutSeconds, "V1__payhooks_idempotency.sql", COLUMNS);
        String t = table.qualified();
        String owned = " WHERE provider = ? AND tenant = ? AND event_key = ? AND claim_token = ? AND completed_at IS NULL";
        this.claim = dialect.keyClaim(t);
        this.completedClaim = dialect.completedKeyClaim(t);
        this.completeSql = "UPDATE " + t + " SET completed_at = CURRENT_TIMESTAMP, expires_at = " + dialect.nowPlusMillis()
                + owned;
        this.releaseSql = "DELETE FROM " + t + owned;
        this.purgeSql = dialect.purgeExpiredKeys(t);
    }

    /**
     * Claims a key atomically.
     *
     * @param connection an autocommit connection
     * @param key the stored key
     * @param token the token the claim gets if it wins
     * @param leaseMillis the lease, at least 1
     * @return the outcome, or empty when the key kept changing under the claim
     * @throws SQLException when the database fails
     */
    public Optional<ClaimResult> claim(Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
            throws SQLException {
        return claim.claim(this, connection, key, token, leaseMillis);
    }

    /**
     * Inserts or takes over the key as already completed, inside the caller's transaction: the
     * first statement of a transactional dispatch.
     *
     * @param connection a connection in a transaction at READ COMMITTED
     * @param key the stored key
     * @param token the token the row gets
     * @param retentionMillis how long the completed key is remembered
     * @return {@link ClaimResult.Claimed} when this transaction recorded it; otherwise the live row's
     *         state; empty when the key kept changing
     * @throws SQLException when the database fails, or a lock wait ended in a timeout
     */
    public Optional<ClaimResult> claimCompleted(Connection connection, StoredKey key, ClaimToken token,
                                                long retentionMillis) throws SQLException {
        return completedClaim.claim(this, connection, key, token, retentionMillis);
    }

    /**
     * Marks a claim completed if the token still owns it.
     *
     * @param connection an autocommit connection
     * @param key the stored key
     * @param token the token
     * @param retentionMillis how long the completed key is remembered
     * @return whether a row changed
     * @throws SQLException when the database fails
     */
    public boolean complete(Connection connection, StoredKey key, ClaimToken token, long retentionMillis)
            throws SQLException {
        try (PreparedStatement update = prepare(connection, completeSql)) {
            update.setLong(1, retentionMillis);
            key.bind(update, 2);
            update.setString(5, token.value());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Deletes a claim if the token still owns it and it is not completed.
     *
     * @param connection an autocommit connection
     * @param key the stored key
     * @param token the token
     * @return whether a row was deleted
     * @throws SQLException when the database fails
     */
    public boolean release(Connection connection, StoredKey key, ClaimToken token) throws SQLException {
        try (PreparedStatement delete = prepare(connection, releaseSql)) {
            key.bind(delete, 1);
            delete.setString(4, token.value());
            return delete.executeUpdate() == 1;
        }
    }

    /**
     * Deletes at most {@code batchSize} expired rows.
     *
     * @param connection an autocommit connection
     * @param batchSize the most rows to delete
     * @return how many were deleted
     * @throws SQLException when the database fails
     */
    public int purgeBatch(Connection connection, int batchSize) throws SQLException {
        try (PreparedStatement delete = prepare(connection, purgeSql)) {
            delete.setInt(1, batchSize);
            return delete.executeUpdate();
        }
    }

    /** Completed or in progress, from a row's completed_at and expires_at columns. */
    static ClaimResult existing(ResultSet row, int completedAtColumn, int expiresAtColumn) throws SQLException {
        OffsetDateTime completedAt = row.getObject(completedAtColumn, OffsetDateTime.class);
        if (completedAt != null) {
            return new ClaimResult.Completed(completedAt.toInstant());
        }
        Instant expiresAt = row.getObject(expiresAtColumn, OffsetDateTime.class).toInstant();
        return new ClaimResult.InProgress(expiresAt);
    }
}
