package dev.payhooks.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statements of one payhooks table on one {@link Dialect}, built once: what every table shares
 * (statement timeout, the probe that checks the table's columns, the versioned schema script).
 * Every method runs its statements on an autocommit connection that the caller owns; none of them
 * commits, rolls back or closes it.
 */
public abstract sealed class TableSql permits IdempotencySql, InboxSql, ObjectVersionSql {

    final Dialect dialect;
    final TableName table;
    /** Zero for none. */
    private final int queryTimeoutSeconds;
    private final String script;
    private final Map<String, String> placeholders;
    private final String probeSql;

    /**
     * @param dialect the database's dialect
     * @param table the table
     * @param queryTimeoutSeconds the builder's statement timeout (the dialect decides whether it applies)
     * @param script the file name of the table's versioned DDL in the dialect's folder
     * @param columns every column the statements use, comma-separated, for the probe
     */
    TableSql(Dialect dialect, TableName table, int queryTimeoutSeconds, String script, String columns) {
        this.dialect = dialect;
        this.table = table;
        this.queryTimeoutSeconds = dialect.queryTimeoutSeconds(queryTimeoutSeconds);
        this.script = script;
        // Flyway's placeholder syntax, so that the scripts can be copied into a migration folder:
        // the table (maybe schema-qualified), the idempotency table's index, and the unqualified
        // name that the inbox's indexes and constraint are named after.
        this.placeholders = Map.of("${table}", table.qualified(), "${index}", table.index(),
                "${index_prefix}", table.unqualified());
        this.probeSql = "SELECT " + columns + " FROM " + table.qualified() + " WHERE 1 = 0";
    }

    /**
     * The dialect's name.
     *
     * @return e.g. {@code postgresql}
     */
    public final String dialectName() {
        return dialect.name();
    }

    /**
     * Where the table's versioned DDL lives in the jar.
     *
     * @return the resource path
     */
    public final String schemaResource() {
        return "/META-INF/payhooks/jdbc/" + dialect.name() + "/" + script;
    }

    /**
     * The statements of the versioned schema script, comments removed and placeholders filled in.
     *
     * @return the DDL statements, in order
     */
    public final List<String> schemaStatements() {
        String resource = schemaResource();
        String text;
        try (InputStream in = TableSql.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the payhooks-jdbc jar lacks " + resource + "; it is damaged or repackaged");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource + " from the payhooks-jdbc jar", e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        String filled = withoutComments.toString();
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
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
     * Reads nothing from the table, to learn that it exists with the expected columns.
     *
     * @param connection a connection
     * @throws SQLException when the table or a column is missing, or the database fails
     */
    public final void probe(Connection connection) throws SQLException {
        try (PreparedStatement select = prepare(connection, probeSql); ResultSet rows = select.executeQuery()) {
            rows.next();
        }
    }

    /**
     * A statement with the dialect's query timeout.
     *
     * @param connection the connection
     * @param sql the statement's text
     * @return the statement, for the caller to close
     * @throws SQLException when the database fails
     */
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
}
