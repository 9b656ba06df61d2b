package dev.payhooks.redis;

import dev.payhooks.redis.internal.Durations;
import dev.payhooks.redis.internal.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.Objects;

/**
 * The options that {@link RedisIdempotencyStore.Builder} and {@link RedisObjectVersionStore.Builder}
 * share, with the same names, defaults and checks. Not public: its methods appear on both builders.
 *
 * @param <B> the builder
 */
abstract class StoreBuilder<B extends StoreBuilder<B>> {

    /** The longest retention either store accepts. */
    static final Duration MAX_RETENTION = Duration.ofDays(3650);

    final RedisClusterAsyncCommands<String, String> redis;
    final String topology;
    String keyPrefix;
    Duration retention;
    Duration commandTimeout = Duration.ofSeconds(2);

    StoreBuilder(Connection connection, String defaultKeyPrefix, Duration defaultRetention) {
        this.redis = connection.redis();
        this.topology = connection.topology();
        this.keyPrefix = defaultKeyPrefix;
        this.retention = defaultRetention;
    }

    /** The commands of the application's connection, and which kind of deployment it reaches. */
    record Connection(RedisClusterAsyncCommands<String, String> redis, String topology) {

        static Connection standalone(StatefulRedisConnection<String, String> connection) {
            return new Connection(Objects.requireNonNull(connection, "connection").async(), "standalone");
        }

        static Connection cluster(StatefulRedisClusterConnection<String, String> connection) {
            return new Connection(Objects.requireNonNull(connection, "connection").async(), "cluster");
        }
    }

    /** This builder, as its own type (every subclass is declared {@code X extends StoreBuilder<X>}). */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * The prefix of every key (default: the store's {@code DEFAULT_KEY_PREFIX}). Give each
     * application (or environment sharing one Redis) its own, for example
     * {@code "billing:payhooks:"}. Every key under it must be the store's.
     *
     * @param keyPrefix 1 to 100 printable ASCII characters, without spaces and without
     *        {@code {} or {@code }} (those would change the Cluster hash tag)
     * @return this builder
     * @throws IllegalArgumentException when the prefix is not such a string
     */
    public B keyPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.keyPrefix = RedisKeys.validPrefix(keyPrefix);
        return self();
    }

    /**
     * How long one operation waits for Redis before the delivery is answered 503 (default
     * 2 seconds). Keep it well below the provider's response timeout. It bounds the store's waits
     * whatever timeout the connection itself was configured with.
     *
     * @param commandTimeout from 1 millisecond to 1 minute
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public B commandTimeout(Duration commandTimeout) {
        this.commandTimeout = Durations.commandTimeout(commandTimeout);
        return self();
    }

    /**
     * How long an entry is kept after it was last written, counted by Redis: a completed key
     * (default 7 days), an object's version after its last advance (default 30 days). Keep it
     * longer than the provider retries (Stripe: 3 days) and longer than the signature tolerance,
     * so that a replayed delivery is either stale or a duplicate. Applies to entries written after
     * the change.
     *
     * @param retention positive, at most 3,650 days
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public B retention(Duration retention) {
        Durations.millis(retention, "retention", MAX_RETENTION);
        this.retention = retention;
        return self();
    }
}
