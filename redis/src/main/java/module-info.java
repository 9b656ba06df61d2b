/**
 * payhooks-redis: a {@link dev.payhooks.spi.IdempotencyStore} on Redis, shared by every instance of
 * an application, through a Lettuce connection the application creates and owns (standalone,
 * Sentinel or Cluster).
 *
 * <p>{@code dev.payhooks.redis.internal} is not exported.
 *
 * @since 0.1.0
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.payhooks.redis {
    requires transitive dev.payhooks;
    // Lettuce's connection types appear in the builder's signatures.
    requires transitive lettuce.core;

    exports dev.payhooks.redis;
}
