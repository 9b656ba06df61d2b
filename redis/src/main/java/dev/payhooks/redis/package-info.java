/**
 * Shared deduplication in Redis, for applications that run on several instances:
 * {@link dev.payhooks.redis.RedisIdempotencyStore}, on a Lettuce connection (standalone, Sentinel
 * or Cluster) that the application creates and owns.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(source)
 *         .idempotencyStore(RedisIdempotencyStore.builder(connection).build())
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>The null policy is the library's: see {@link dev.payhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.redis;
