package dev.payhooks.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** Test helpers for inbox tables. */
final class InboxTables {

    private InboxTables() {
    }

    /**
     * Makes {@code duration} pass for every row of an inbox table, as far as the inbox can tell:
     * every stored instant moves that far into the past. The inbox only compares stored instants
     * with the database's {@code CURRENT_TIMESTAMP} and stores {@code CURRENT_TIMESTAMP} plus a
     * duration, so this is the database clock jumping forward for every process sharing the table.
     */
    static void advance(DataSource dataSource, String table, Duration duration) {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            StringBuilder sql = new StringBuilder("UPDATE " + table + " SET ");
            String[] columns = {"received_at", "next_attempt_at", "lease_expires_at", "completed_at"};
            for (int i = 0; i < columns.length; i++) {
                String column = columns[i];
                sql.append(i == 0 ? "" : ", ").append(column).append(" = ")
                        .append(postgres ? column + " - ? * INTERVAL '1 millisecond'" : "DATEADD(MILLISECOND, -?, " + column + ")");
            }
            try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
                for (int i = 1; i <= columns.length; i++) {
                    update.setLong(i, duration.toMillis());
                }
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not move the inbox table's instants back", e);
        }
    }
}
