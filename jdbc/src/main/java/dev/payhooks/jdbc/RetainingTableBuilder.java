package dev.payhooks.jdbc;

import dev.payhooks.jdbc.internal.Arguments;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The builder options of a table whose rows are kept for a retention after they were last written.
 * Package-private: its public methods are part of each public subclass.
 *
 * @param <B> the builder
 */
abstract class RetainingTableBuilder<B extends RetainingTableBuilder<B>> extends TableBuilder<B> {

    Duration retention;

    RetainingTableBuilder(DataSource dataSource, String defaultTable, Duration defaultRetention) {
        super(dataSource, defaultTable);
        this.retention = defaultRetention;
    }

    /**
     * How long a row is kept after it was last written, measured on the database clock: a
     * completed key (default 7 days) or an object's version (default 30 days). Keep it longer
     * than the provider retries (Stripe: 3 days) and longer than the signature tolerance, so that
     * a replayed delivery is either stale or a duplicate. Applies to rows written after the change.
     *
     * @param retention positive, at most 3,650 days
     * @return this builder
     * @throws IllegalArgumentException when it is not
     */
    public B retention(Duration retention) {
        this.retention = Arguments.positive(retention, "retention");
        return self();
    }
}
