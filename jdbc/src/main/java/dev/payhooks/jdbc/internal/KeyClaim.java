package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A dialect's atomic claim of an idempotency key: a new key is inserted, an expired one taken over
 * by exactly one of its concurrent claimers, a live one reported. Never check-then-insert.
 */
interface KeyClaim {

    /** How often a claim re-reads a key that changed under it before giving up (503). */
    int MAX_ATTEMPTS = 8;

    /**
     * Claims a key.
     *
     * @param sql the table's statements, for {@link TableSql#prepare}
     * @param connection an autocommit connection
     * @param key the stored key
     * @param token the token the claim gets if it wins
     * @param leaseMillis the lease, at least 1
     * @return the outcome, or empty when the key kept changing under the claim
     * @throws SQLException when the database fails
     */
    Optional<ClaimResult> claim(TableSql sql, Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
            throws SQLException;
}
