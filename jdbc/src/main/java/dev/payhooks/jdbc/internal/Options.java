package dev.payhooks.jdbc.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The options that every JDBC builder offers (table, schema creation, purge batch size, statement
 * timeout), validated here once so that each builder refuses the same mistakes with the same
 * message. Mutable, like the builders that hold one; {@link Database} takes a snapshot.
 */
public final class Options {

    /** The default of {@link #purgeBatchSize(int)}. */
    private static final int DEFAULT_PURGE_BATCH_SIZE = 1_000;
    /** The default of {@link #queryTimeout(Duration)}, in seconds. */
    private static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 5;
    private static final int MAX_QUERY_TIMEOUT_SECONDS = 300;

    private TableName table;
    private boolean createSchemaIfMissing;
    private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
    private int queryTimeoutSeconds = DEFAULT_QUERY_TIMEOUT_SECONDS;

    /**
     * Options with the defaults.
     *
     * @param defaultTable the table used unless {@link #tableName(String)} names another
     */
    public Options(String defaultTable) {
        this.table = TableName.of(defaultTable);
    }

    /**
     * Sets the table.
     *
     * @param tableName an unquoted identifier, optionally schema-qualified
     * @throws IllegalArgumentException when it is not such an identifier
     */
    public void tableName(String tableName) {
        this.table = TableName.of(tableName);
    }

    /**
     * Sets whether the bundled DDL runs at initialization.
     *
     * @param createSchemaIfMissing {@code true} to create the schema
     */
    public void createSchemaIfMissing(boolean createSchemaIfMissing) {
        this.createSchemaIfMissing = createSchemaIfMissing;
    }

    /**
     * Sets how many rows one purge statement deletes.
     *
     * @param purgeBatchSize at least 1
     * @throws IllegalArgumentException when it is below 1
     */
    public void purgeBatchSize(int purgeBatchSize) {
        if (purgeBatchSize < 1) {
            throw new IllegalArgumentException("purgeBatchSize must be at least 1, was " + purgeBatchSize);
        }
        this.purgeBatchSize = purgeBatchSize;
    }

    /**
     * Sets the statement timeout.
     *
     * @param queryTimeout whole seconds, 1 to 300
     * @throws IllegalArgumentException when it is not
     */
    public void queryTimeout(Duration queryTimeout) {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        long seconds = queryTimeout.getSeconds();
        if (queryTimeout.getNano() != 0 || seconds < 1 || seconds > MAX_QUERY_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("queryTimeout must be a whole number of seconds from 1 to "
                    + MAX_QUERY_TIMEOUT_SECONDS + ", was " + queryTimeout);
        }
        this.queryTimeoutSeconds = (int) seconds;
    }

    /**
     * The values as they are now, for the table being built (the builder may change afterwards).
     *
     * @return an immutable snapshot
     */
    Settings settings() {
        return new Settings(table, createSchemaIfMissing, purgeBatchSize, queryTimeoutSeconds);
    }

    /**
     * The options of one built store or inbox.
     *
     * @param table the table
     * @param createSchemaIfMissing whether to run the bundled DDL at initialization
     * @param purgeBatchSize rows per purge statement
     * @param queryTimeoutSeconds the statement timeout, where the dialect applies one
     */
    record Settings(TableName table, boolean createSchemaIfMissing, int purgeBatchSize, int queryTimeoutSeconds) {
    }
}
