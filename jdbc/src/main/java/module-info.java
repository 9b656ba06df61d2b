/**
 * payhooks-jdbc: a durable {@link dev.payhooks.spi.IdempotencyStore} and a durable
 * {@link dev.payhooks.spi.Inbox}, shared by every instance of an application through a database
 * (PostgreSQL; H2 for a single instance and demos).
 *
 * <p>Uses {@code java.sql} only: the JDBC driver and the connection pool are the application's
 * choice. {@code dev.payhooks.jdbc.internal} is not exported. The versioned DDL ships in
 * {@code META-INF/payhooks/jdbc/<dialect>/}.
 *
 * @since 0.1.0
 */
module dev.payhooks.jdbc {
    requires transitive dev.payhooks;
    requires transitive java.sql;
    // The inbox keeps a delivery's headers as JSON text.
    requires com.fasterxml.jackson.databind;

    exports dev.payhooks.jdbc;
}
