/**
 * The behaviour every {@link dev.payhooks.spi.IdempotencyStore} and {@link dev.payhooks.spi.Inbox}
 * must have, as abstract JUnit 5 test classes: extend one in your store's test class, return a
 * fresh store, and move its clock. payhooks runs the same classes against its in-memory and JDBC
 * implementations.
 *
 * <p>{@link dev.payhooks.testkit.contract.MultiProcessClaimRace} is the test for a store shared
 * between application instances: several JVMs race to claim the same events in your store, and the
 * handler must run once per event; a store broken on purpose must be caught in the same harness.
 *
 * <p>Null policy as in {@link dev.payhooks.testkit}: no method accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
package dev.payhooks.testkit.contract;
