package dev.payhooks.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one database product needs said its own way, for every table payhooks-jdbc keeps. A dialect
 * is stateless; {@link IdempotencySql} and {@link InboxSql} build their statements from its
 * fragments once per table. Everything a dialect supplies measures time with the database's
 * {@code CURRENT_TIMESTAMP}, so that application instances whose clocks disagree still agree on
 * when a lease ends or a row is due.
 *
 * <p>Adding a database: a subclass here (listed in {@code permits} and in {@code SUPPORTED}), the
 * two versioned scripts under {@code META-INF/payhooks/jdbc/<name>/}, and the contract and
 * behaviour tests run against it (the module README, "Adding a database").
 */
public abstract sealed class Dialect permits PostgresDialect, H2Dialect {

    /** Every supported database, in the order they are tried. */
    private static final List<Dialect> SUPPORTED = List.of(new PostgresDialect(), new H2Dialect());

    private final String name;
    private final String product;

    /**
     * @param name the folder of the dialect's scripts under {@code META-INF/payhooks/jdbc/}
     * @param product the product name its JDBC drivers report ({@link DatabaseMetaData#getDatabaseProductName()})
     */
    Dialect(String name, String product) {
        this.name = name;
        this.product = product;
    }

    /**
     * The dialect for the database behind a connection.
     *
     * @param metaData the connection's metadata
     * @return the dialect, or empty when the product is not supported
     * @throws SQLException when the metadata cannot be read
     * @throws IllegalStateException when the product is supported but not in this version
     */
    static Optional<Dialect> detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        for (Dialect dialect : SUPPORTED) {
            if (dialect.product().equals(product)) {
                dialect.requireVersion(metaData.getDatabaseMajorVersion(), metaData.getDatabaseMinorVersion());
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /**
     * Every supported dialect.
     *
     * @return the dialects, in the order detection tries them
     */
    static List<Dialect> supported() {
        return SUPPORTED;
    }

    /**
     * The supported products for messages.
     *
     * @return e.g. {@code PostgreSQL and H2}
     */
    static String supportedProducts() {
        List<String> products = SUPPORTED.stream().map(Dialect::product).collect(Collectors.toList());
        return String.join(", ", products.subList(0, products.size() - 1)) + " and " + products.get(products.size() - 1);
    }

    /**
     * The dialect's folder under {@code META-INF/payhooks/jdbc/} and its name in messages.
     *
     * @return e.g. {@code postgresql}
     */
    public final String name() {
        return name;
    }

    /** @return the product name the JDBC driver reports */
    final String product() {
        return product;
    }

    /**
     * Refuses a version whose SQL the statements need but lack.
     *
     * @param major the server's major version
     * @param minor the server's minor version
     * @throws IllegalStateException naming the version needed
     */
    abstract void requireVersion(int major, int minor);

    /**
     * The JDBC query timeout to set on every statement.
     *
     * @param configured the builder's {@code queryTimeout}, in seconds
     * @return seconds, or 0 for none
     */
    abstract int queryTimeoutSeconds(int configured);

    /** @return an expression for the database's now plus {@code ?} milliseconds (the parameter may be negative) */
    abstract String nowPlusMillis();

    /**
     * An insert that adds nothing, without an error where the database can avoid one, when a row
     * with the same unique columns exists.
     *
     * @param insert a plain {@code INSERT INTO ... VALUES (...)}
     * @param uniqueColumns the columns of the unique constraint, comma-separated
     * @return the statement
     */
    abstract String insertUnlessDuplicate(String insert, String uniqueColumns);

    /**
     * Whether a statement from {@link #insertUnlessDuplicate} failed only because the row exists
     * (where the dialect cannot avoid that error, the duplicate is the caller's answer).
     *
     * @param e the failure
     * @return {@code true} for a duplicate
     */
    abstract boolean isDuplicate(SQLException e);

    /**
     * Whether a statement lost a race for a row to a concurrent transaction and changed nothing,
     * which the caller treats like finding the row taken.
     *
     * @param e the failure
     * @return {@code true} for a lost race
     */
    abstract boolean isLostRace(SQLException e);

    /**
     * An {@code UPDATE} that also returns the columns of the rows it changed, as one query.
     *
     * @param update the update
     * @param columns the columns to return, comma-separated
     * @return the query
     */
    abstract String updateReturning(String update, String columns);

    /**
     * An {@code UPDATE} of the rows a locking sub-select picks, returning their columns, with the
     * sub-select run exactly once, so that the update never changes more rows than it picked.
     *
     * @param table the qualified table name
     * @param set the {@code SET} list
     * @param pick a {@code SELECT id ... FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED}
     * @param recheck the condition re-checked on each row updated
     * @param columns the columns to return, comma-separated
     * @return the query
     */
    abstract String updatePicked(String table, String set, String pick, String recheck, String columns);

    /**
     * Whether the parameters of {@link #updatePicked}'s {@code pick} come before those of its
     * {@code set} list.
     *
     * @return {@code true} when the pick's parameters come first
     */
    abstract boolean pickParametersFirst();

    /**
     * The idempotency table's batched delete of expired rows, its one parameter the batch size.
     *
     * @param table the qualified table name
     * @return the statement
     */
    abstract String purgeExpiredKeys(String table);

    /**
     * How this database claims an idempotency key atomically: the one algorithm that differs
     * between products rather than only its SQL text.
     *
     * @param table the qualified table name
     * @return the claim, its statements built once
     */
    final KeyClaim keyClaim(String table) {
        return keyClaim(table, "NULL");
    }

    /**
     * The same algorithm as {@link #keyClaim(String)}, but the row it inserts or takes over is
     * completed at once ({@code completed_at} now, {@code expires_at} now plus the retention passed
     * as the lease): the transactional dispatch runs it first in the handlers' transaction, so the
     * completion commits or rolls back with their writes. Concurrent transactions inserting the
     * same key wait on its unique index until this one ends, then find it completed (or, after a
     * rollback, insert it themselves).
     *
     * @param table the qualified table name
     * @return the claim, its statements built once
     */
    final KeyClaim completedKeyClaim(String table) {
        return keyClaim(table, "CURRENT_TIMESTAMP");
    }

    /**
     * The product's claim algorithm, with the claimed row's {@code completed_at}.
     *
     * @param table the qualified table name
     * @param completedAt the SQL the row's {@code completed_at} is set to: {@code NULL} for a plain
     *        claim, {@code CURRENT_TIMESTAMP} for a completed one
     * @return the claim, its statements built once
     */
    abstract KeyClaim keyClaim(String table, String completedAt);
}
