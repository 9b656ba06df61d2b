package dev.payhooks.jdbc;

import dev.payhooks.jdbc.internal.Database;

import java.time.Duration;

/**
 * A {@link JdbcTable} whose rows are kept for a retention after they were last written.
 * Package-private: its public methods are part of each public subclass.
 */
abstract class RetainingJdbcTable extends JdbcTable {

    private final Duration retention;

    RetainingJdbcTable(Database<?> database, RetainingTableBuilder<?> builder) {
        super(database);
        this.retention = builder.retention;
    }

    /**
     * How long a row is kept after it was last written: a completed key, or an object's version
     * after its last advance.
     *
     * @return the retention
     */
    public Duration retention() {
        return retention;
    }

    @Override
    String settings() {
        return ", retention=" + retention;
    }
}
