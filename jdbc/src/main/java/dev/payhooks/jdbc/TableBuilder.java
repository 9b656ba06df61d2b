package dev.payhooks.jdbc;

import dev.payhooks.jdbc.internal.Database;
import dev.payhooks.jdbc.internal.Options;
import dev.payhooks.jdbc.internal.Role;
import dev.payhooks.jdbc.internal.TableSql;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Objects;

/**
 * The options that {@link JdbcIdempotencyStore.Builder}, {@link JdbcObjectVersionStore.Builder} and
 * {@link JdbcInbox.Builder} share, with
 * the same names, defaults and validation. Not public: its methods appear on each builder.
 *
 * @param <B> the builder
 */
abstract class TableBuilder<B extends TableBuilder<B>> {

    final DataSource dataSource;
    final Options options;
    TransactionRunner transactions;

    TableBuilder(DataSource dataSource, String defaultTable) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.options = new Options(defaultTable);
    }

    /** This builder, as its own type (every subclass is declared {@code X extends TableBuilder<X>}). */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * Where the transactions of {@linkplain JdbcTransactions#handler transactional handlers} come
     * from (default: {@link TransactionRunner#localTransactions(DataSource)} on this builder's
     * {@code DataSource}). Supply a runner backed by your framework's transaction manager so that
     * its ORM or template writes join the transaction; it must reach the same database as the
     * table.
     *
     * @param transactions the runner
     * @return this builder
     */
    public B transactions(TransactionRunner transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        return self();
    }

    /** The table's database access, for the product of this builder. */
    <S extends TableSql> Database<S> database(Role<S> role) {
        return new Database<>(dataSource, options, role);
    }

    /** The runner to use: the one supplied, else local transactions on the data source. */
    TransactionRunner transactionRunner() {
        return transactions != null ? transactions : TransactionRunner.localTransactions(dataSource);
    }

    /**
     * The table (default: the class's {@code DEFAULT_TABLE_NAME}). An unquoted SQL identifier,
     * optionally schema-qualified ({@code billing.payhooks_inbox}); PostgreSQL folds it to lower
     * case and H2 to upper case, as for any unquoted name. It is spliced into SQL, so anything else
     * is refused here.
     *
     * @param tableName letters, digits and underscores, not starting with a digit, at most 48
     *        characters per part, not a reserved word
     * @return this builder
     * @throws IllegalArgumentException when the name is not such an identifier
     */
    public B tableName(String tableName) {
        options.tableName(tableName);
        return self();
    }

    /**
     * Whether to create the table and its indexes when they do not exist (default {@code false}:
     * schema changes are usually the migration tool's job). Runs the bundled versioned DDL
     * ({@code CREATE ... IF NOT EXISTS}) once, at {@code initialize()} or the first operation;
     * needs the privilege to create tables. Instances starting at the same moment may all do it.
     *
     * @param createSchemaIfMissing {@code true} to create the schema
     * @return this builder
     */
    public B createSchemaIfMissing(boolean createSchemaIfMissing) {
        options.createSchemaIfMissing(createSchemaIfMissing);
        return self();
    }

    /**
     * How many rows one statement of the purge ({@link JdbcIdempotencyStore#purgeExpired()},
     * {@link JdbcInbox#purgeDone(Duration)}) deletes (default 1,000). Each batch is its own short
     * transaction, so a large purge never holds many locks for long.
     *
     * @param purgeBatchSize at least 1
     * @return this builder
     * @throws IllegalArgumentException when it is below 1
     */
    public B purgeBatchSize(int purgeBatchSize) {
        options.purgeBatchSize(purgeBatchSize);
        return self();
    }

    /**
     * How long one statement may run on PostgreSQL before the driver cancels it and the delivery is
     * answered 503 (default 5 seconds); keep it well below the provider's response timeout. H2
     * runs in the application's process and bounds its waits with its own {@code LOCK_TIMEOUT}
     * setting instead.
     *
     * @param queryTimeout whole seconds, 1 to 300
     * @return this builder
     * @throws IllegalArgumentException when it is not
     */
    public B queryTimeout(Duration queryTimeout) {
        options.queryTimeout(queryTimeout);
        return self();
    }
}
