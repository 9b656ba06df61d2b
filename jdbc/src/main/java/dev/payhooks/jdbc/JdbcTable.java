package dev.payhooks.jdbc;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.Database;

/**
 * What the JDBC stores and the inbox share: one table on one data source, found and checked once.
 * Package-private: its public methods are part of each public subclass, which keeps the same
 * {@link Database} with its own statement type.
 */
abstract class JdbcTable {

    private final Database<?> database;

    JdbcTable(Database<?> database) {
        this.database = database;
    }

    /**
     * Connects once: detects the dialect, creates the table if the builder's
     * {@code createSchemaIfMissing} was set, and checks that the table exists with the expected
     * columns. Optional (the first call does the same), but calling it at startup turns a missing
     * table or an unsupported database into a startup failure instead of failing webhooks.
     *
     * @throws IllegalStateException when the database is not supported, a connection is not in
     *         autocommit mode, or the table is missing or has other columns
     * @throws WebhookUnavailableException when the database cannot be reached
     */
    public void initialize() {
        database.initialize();
    }

    /**
     * The table name, as used in SQL.
     *
     * @return the name
     */
    public String tableName() {
        return database.table().qualified();
    }

    /** What {@link #toString()} shows between the table and the dialect, e.g. {@code ", retention=P7D"}. */
    String settings() {
        return "";
    }

    @Override
    public String toString() {
        // The DataSource's own toString may carry a URL with credentials: leave it out.
        return getClass().getSimpleName() + "[table=" + tableName() + settings() + ", dialect="
                + database.dialectName() + "]";
    }
}
