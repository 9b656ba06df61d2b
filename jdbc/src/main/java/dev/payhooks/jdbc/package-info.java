/**
 * Shared, durable storage in a database, for applications that run on several instances:
 * {@link dev.payhooks.jdbc.JdbcIdempotencyStore} (deduplication across instances) and
 * {@link dev.payhooks.jdbc.JdbcInbox} (verified deliveries kept until a worker has processed
 * them). PostgreSQL for production, H2 for a single instance and demos.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(source)
 *         .idempotencyStore(JdbcIdempotencyStore.builder(dataSource).build())
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>The null policy is the library's: see {@link dev.payhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.jdbc;
