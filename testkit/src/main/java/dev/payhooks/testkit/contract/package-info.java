/**
 * The behaviour every {@link dev.payhooks.spi.IdempotencyStore} and {@link dev.payhooks.spi.Inbox}
 * must have, as abstract JUnit 5 test classes: extend one in your store's test class, return a
 * fresh store, and move its clock. payhooks runs the same classes against its in-memory and JDBC
 * implementations.
 *
 * <p>Null policy as in {@link dev.payhooks.testkit}: no method accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
package dev.payhooks.testkit.contract;
