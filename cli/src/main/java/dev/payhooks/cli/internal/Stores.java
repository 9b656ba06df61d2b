package dev.payhooks.cli.internal;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.jdbc.JdbcInbox;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Idempotency stores for the command: the jdbc module's store on a PostgreSQL or H2 URL (schema
 * created if missing), or core's in-memory store; and the jdbc module's inbox for {@code inbox}.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * A store on a JDBC URL, initialised (connected once, table created if missing).
     *
     * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL; credentials go in the URL
     * @return the store
     * @throws IllegalArgumentException for another kind of URL
     * @throws IllegalStateException when the database cannot be reached or the table created
     */
    public static IdempotencyStore jdbc(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("--jdbc-url must be a PostgreSQL or H2 URL, e.g."
                    + " jdbc:postgresql://localhost:5432/app?user=app&password=... or jdbc:h2:./payhooks");
        }
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(new UrlDataSource(url))
                .createSchemaIfMissing(true)
                .retention(Duration.ofDays(7))
                .build();
        try {
            store.initialize();
        } catch (RuntimeException e) {
            throw unusable(e);
        }
        return store;
    }

    /**
     * The jdbc module's inbox on a JDBC URL, checked (connected once; the table must exist: an
     * operations command never creates one).
     *
     * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL; credentials go in the URL
     * @param table the inbox table
     * @return the inbox
     * @throws IllegalArgumentException for another kind of URL or an invalid table name
     * @throws IllegalStateException when the database cannot be reached or the table is missing
     */
    public static JdbcInbox inbox(String url, String table) {
        JdbcInbox inbox = JdbcInbox.builder(dataSource(url)).tableName(table).build();
        try {
            inbox.initialize();
        } catch (WebhookUnavailableException e) {
            throw unusable(e);
        }
        return inbox;
    }

    /** What the commands say when the database at {@code --jdbc-url} cannot be used. */
    private static IllegalStateException unusable(RuntimeException e) {
        return new IllegalStateException("could not use the database at --jdbc-url: " + rootMessage(e)
                + "; check that it is running and the URL's credentials", e);
    }

    /**
     * A connection-per-call data source on a PostgreSQL or H2 URL.
     *
     * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL; credentials go in the URL
     * @return the data source
     * @throws IllegalArgumentException for another kind of URL
     */
    public static DataSource dataSource(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("--jdbc-url must be a PostgreSQL or H2 URL, e.g."
                    + " jdbc:postgresql://localhost:5432/app?user=app&password=... or jdbc:h2:./payhooks");
        }
        return new UrlDataSource(url);
    }

    /**
     * A store on a private, in-process H2 database that lives as long as the JVM: the embedded
     * default of the demo.
     *
     * @return the store
     */
    public static IdempotencyStore embeddedH2() {
        return jdbc("jdbc:h2:mem:payhooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * Core's in-memory store, remembering events for 7 days.
     *
     * @return the store
     */
    public static IdempotencyStore inMemory() {
        return IdempotencyStore.inMemory(Duration.ofDays(7));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // JDBC driver messages describe the connection failure; URLs with passwords never reach them.
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * A {@link DataSource} that opens a connection per call through {@link DriverManager}: enough
     * for a local tool, and it keeps the drivers out of the compile-time dependencies (they are
     * found through their service files in the jar).
     */
    static final class UrlDataSource implements DataSource {
        private final String url;
        private PrintWriter logWriter;
        private int loginTimeout;

        UrlDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            this.logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper of " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }

        @Override
        public String toString() {
            // The URL may hold a password.
            return "UrlDataSource[" + url.substring(0, url.indexOf(':', 5)) + "]";
        }
    }
}
