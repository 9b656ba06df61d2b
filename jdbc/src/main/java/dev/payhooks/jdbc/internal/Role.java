package dev.payhooks.jdbc.internal;

/**
 * One kind of payhooks table as {@link Database} needs to know it: who uses it (for messages that
 * name the class the merchant built, the interface to implement for another database and the
 * contract tests to run against that implementation) and how its statements are built.
 *
 * @param owner the public class, e.g. {@code JdbcInbox}
 * @param noun how messages name it, e.g. {@code inbox}
 * @param spi the interface the owner implements
 * @param contract the contract test class for that interface
 * @param statements builds the table's statements on a dialect
 * @param <S> the statements' type
 */
public record Role<S extends TableSql>(String owner, String noun, String spi, String contract, Statements<S> statements) {

    /** The idempotency table. */
    public static final Role<IdempotencySql> IDEMPOTENCY_STORE = new Role<>("JdbcIdempotencyStore", "idempotency store",
            "IdempotencyStore", "IdempotencyStoreContract", IdempotencySql::new);

    /** The inbox table. */
    public static final Role<InboxSql> INBOX = new Role<>("JdbcInbox", "inbox", "Inbox", "InboxContract", InboxSql::new);

    /** The ordering guard's object version table. */
    public static final Role<ObjectVersionSql> OBJECT_VERSIONS = new Role<>("JdbcObjectVersionStore", "object version store",
            "ObjectVersionStore", "ObjectVersionStoreContract", ObjectVersionSql::new);

    /**
     * Builds a table's statements.
     *
     * @param <S> the statements' type
     */
    @FunctionalInterface
    public interface Statements<S extends TableSql> {
        /**
         * The statements.
         *
         * @param dialect the database's dialect
         * @param table the table
         * @param queryTimeoutSeconds the builder's statement timeout
         * @return the statements, built once
         */
        S build(Dialect dialect, TableName table, int queryTimeoutSeconds);
    }
}
