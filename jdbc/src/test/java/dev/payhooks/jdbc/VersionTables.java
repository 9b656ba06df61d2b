package dev.payhooks.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** Test helpers for the object version table. */
final class VersionTables {

    private VersionTables() {
    }

    /**
     * Makes {@code duration} pass for every row, as far as the store can tell: its stored instants
     * move that far into the past (see {@link TestDatabases#advance}).
     */
    static void advance(DataSource dataSource, String table, Duration duration) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            String sql = "PostgreSQL".equals(product)
                    ? "UPDATE " + table + " SET hold_until = hold_until - ? * INTERVAL '1 millisecond',"
                            + " advanced_at = advanced_at - ? * INTERVAL '1 millisecond'"
                    : "UPDATE " + table + " SET hold_until = DATEADD(MILLISECOND, -?, hold_until),"
                            + " advanced_at = DATEADD(MILLISECOND, -?, advanced_at)";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, duration.toMillis());
                update.setLong(2, duration.toMillis());
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not move the table's instants back", e);
        }
    }
}
