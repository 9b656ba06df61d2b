package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one database product. Every statement measures time with the database's
 * {@code CURRENT_TIMESTAMP}, so that application instances whose clocks disagree still agree on
 * when a lease ends. Every method runs exactly the statements it needs on a connection in
 * autocommit mode that the caller owns; none of them commits, rolls back or closes it.
 */
public abstract sealed class Dialect permits PostgresDialect, H2Dialect {

    /** How often a claim re-reads a key that changed under it before giving up (503). */
    static final int MAX_CLAIM_ATTEMPTS = 8;

    final TableName table;
    /** Zero for none. */
    final int queryTimeoutSeconds;
    private final String completeSql;
    private final String releaseSql;
    private final String purgeSql;

    /**
     * @param table the table
     * @param queryTimeoutSeconds zero for none
     * @param nowPlusParameterMillis the dialect's SQL for "database now plus ? milliseconds"
     * @param purgeSql the dialect's batched delete of expired rows, its one parameter the batch size
     */
    Dialect(TableName table, int queryTimeoutSeconds, String nowPlusParameterMillis, String purgeSql) {
        this.table = table;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        String t = table.qualified();
        this.completeSql = "UPDATE " + t
                + " SET completed_at = CURRENT_TIMESTAMP, expires_at = " + nowPlusParameterMillis
                + " WHERE provider = ? AND tenant = ? AND event_key = ? AND claim_token = ? AND completed_at IS NULL";
        this.releaseSql = "DELETE FROM " + t
                + " WHERE provider = ? AND tenant = ? AND event_key = ? AND claim_token = ? AND completed_at IS NULL";
        this.purgeSql = purgeSql;
    }

    /**
     * The dialect for the database behind a connection.
     *
     * @param metaData the connection's metadata
     * @param table the table name
     * @param queryTimeoutSeconds the timeout for every statement
     * @return the dialect
     * @throws SQLException when the metadata cannot be read
     * @throws IllegalStateException when the database is not supported
     */
    public static Dialect detect(DatabaseMetaData metaData, TableName table, int queryTimeoutSeconds)
            throws SQLException {
        String product = metaData.getDatabaseProductName();
        int major = metaData.getDatabaseMajorVersion();
        int minor = metaData.getDatabaseMinorVersion();
        if ("PostgreSQL".equals(product)) {
            // INSERT ... ON CONFLICT arrived in 9.5.
            if (major < 9 || (major == 9 && minor < 5)) {
                throw new IllegalStateException("payhooks-jdbc needs PostgreSQL 9.5 or newer (for INSERT ... ON CONFLICT);"
                        + " this database is " + major + "." + minor);
            }
            return new PostgresDialect(table, queryTimeoutSeconds);
        }
        if ("H2".equals(product)) {
            if (major < 2) {
                throw new IllegalStateException("payhooks-jdbc needs H2 2.x; this database is H2 " + major + "." + minor
                        + ": upgrade com.h2database:h2");
            }
            return new H2Dialect(table);
        }
        throw new IllegalStateException("payhooks-jdbc supports PostgreSQL and H2, but this DataSource connects to '"
                + product + "' " + major + "." + minor + "; use one of those, or implement IdempotencyStore for your"
                + " database and run core's IdempotencyStoreContract against it");
    }

    /**
     * The dialect's name in resource paths and messages.
     *
     * @return {@code postgresql} or {@code h2}
     */
    public abstract String name();

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
    public abstract Optional<ClaimResult> claim(Connection connection, StoredKey key, ClaimToken token, long leaseMillis)
            throws SQLException;

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
    public final boolean complete(Connection connection, StoredKey key, ClaimToken token, long retentionMillis)
            throws SQLException {
        try (PreparedStatement update = prepare(connection, completeSql)) {
            update.setLong(1, retentionMillis);
            bindKey(update, 2, key);
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
    public final boolean release(Connection connection, StoredKey key, ClaimToken token) throws SQLException {
        try (PreparedStatement delete = prepare(connection, releaseSql)) {
            bindKey(delete, 1, key);
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
    public final int purgeBatch(Connection connection, int batchSize) throws SQLException {
        try (PreparedStatement delete = prepare(connection, purgeSql)) {
            delete.setInt(1, batchSize);
            return delete.executeUpdate();
        }
    }

    /**
     * Reads nothing from the table, to learn that it exists with the expected columns.
     *
     * @param connection a connection
     * @throws SQLException when the table or a column is missing, or the database fails
     */
    public void probe(Connection connection) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT provider, tenant, event_key, claim_token,"
                + " completed_at, expires_at FROM " + table.qualified() + " WHERE 1 = 0");
             ResultSet rows = select.executeQuery()) {
            rows.next();
        }
    }

    /**
     * The statements of the versioned schema script, with the table and index names filled in.
     *
     * @return the DDL statements, in order
     */
    public List<String> schemaStatements() {
        return statements(schemaResource(name()), java.util.Map.of("${table}", table.qualified(), "${index}", table.index()));
    }

    /**
     * The statements of a versioned schema script from the jar, comments removed and placeholders
     * filled in.
     *
     * @param resource the script's path in the jar
     * @param placeholders each placeholder (with its {@code ${}}) and its value
     * @return the DDL statements, in order
     */
    public static List<String> statements(String resource, java.util.Map<String, String> placeholders) {
        String script;
        try (InputStream in = Dialect.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the payhooks-jdbc jar lacks " + resource + "; it is damaged or repackaged");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource + " from the payhooks-jdbc jar", e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        String filled = withoutComments.toString();
        for (java.util.Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            filled = filled.replace(placeholder.getKey(), placeholder.getValue());
        }
        List<String> statements = new ArrayList<>();
        for (String statement : filled.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /**
     * Where a dialect's versioned DDL lives in the jar.
     *
     * @param dialect {@code postgresql} or {@code h2}
     * @return the resource path
     */
    public static String schemaResource(String dialect) {
        return "/META-INF/payhooks/jdbc/" + dialect + "/V1__payhooks_idempotency.sql";
    }

    final PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (queryTimeoutSeconds > 0) {
            try {
                statement.setQueryTimeout(queryTimeoutSeconds);
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        }
        return statement;
    }

    static void bindKey(PreparedStatement statement, int first, StoredKey key) throws SQLException {
        statement.setString(first, key.provider());
        statement.setString(first + 1, key.tenant());
        statement.setString(first + 2, key.key());
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
