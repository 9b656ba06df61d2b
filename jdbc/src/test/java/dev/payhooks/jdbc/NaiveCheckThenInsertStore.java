package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The negative control: a deliberately broken store that first checks whether a key is known and
 * then inserts it, in two statements. Two deliveries that both check before either inserts both
 * "win", and the handler runs twice. The multi-process harness must catch this.
 */
final class NaiveCheckThenInsertStore implements IdempotencyStore {

    private final DataSource dataSource;
    private final String table;

    NaiveCheckThenInsertStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement check = connection.prepareStatement(
                    "SELECT completed_at, expires_at FROM " + table + " WHERE provider = ? AND tenant = ? AND event_key = ?")) {
                bind(check, key);
                try (ResultSet row = check.executeQuery()) {
                    if (row.next()) {
                        OffsetDateTime completedAt = row.getObject(1, OffsetDateTime.class);
                        return completedAt != null ? new ClaimResult.Completed(completedAt.toInstant())
                                : new ClaimResult.InProgress(row.getObject(2, OffsetDateTime.class).toInstant());
                    }
                }
            }
            ClaimToken token = ClaimToken.random();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (provider, tenant, event_key, claim_token, completed_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING")) {
                bind(insert, key);
                insert.setString(4, token.value());
                insert.setObject(5, OffsetDateTime.now().plus(lease));
                insert.executeUpdate();
            }
            return new ClaimResult.Claimed(token);
        } catch (SQLException e) {
            throw new WebhookUnavailableException("naive store failed", e);
        }
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        return update("UPDATE " + table + " SET completed_at = ? WHERE provider = ? AND tenant = ? AND event_key = ?", key);
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        return update("DELETE FROM " + table + " WHERE completed_at IS NULL AND ? IS NOT NULL"
                + " AND provider = ? AND tenant = ? AND event_key = ?", key);
    }

    private boolean update(String sql, IdempotencyKey key) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
            statement.setString(2, key.provider());
            statement.setString(3, key.tenant());
            statement.setString(4, key.key());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new WebhookUnavailableException("naive store failed", e);
        }
    }

    private static void bind(PreparedStatement statement, IdempotencyKey key) throws SQLException {
        statement.setString(1, key.provider());
        statement.setString(2, key.tenant());
        statement.setString(3, key.key());
    }
}
