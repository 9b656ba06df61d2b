package dev.payhooks.redis;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.redis.internal.Commands;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the two Redis stores share: one connection, one key prefix, a retention and a command
 * timeout. Package-private: its public methods are part of each public subclass.
 */
abstract class RedisStore {

    final RedisClusterAsyncCommands<String, String> redis;
    final Commands commands;
    final String keyPrefix;
    private final String topology;
    private final Duration retention;
    private final Duration commandTimeout;

    RedisStore(StoreBuilder<?> builder) {
        this.redis = builder.redis;
        this.topology = builder.topology;
        this.keyPrefix = builder.keyPrefix;
        this.retention = builder.retention;
        this.commandTimeout = builder.commandTimeout;
        this.commands = new Commands(builder.redis, builder.commandTimeout);
    }

    /**
     * Does nothing and returns 0: Redis deletes every key this store writes when its retention or
     * lease ends.
     *
     * @return 0
     */
    public long purgeExpired() {
        return 0;
    }

    /**
     * The prefix of every key this store writes.
     *
     * @return the prefix
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * How long an entry is kept after it was last written: a completed key, or an object's version
     * after its last advance.
     *
     * @return the retention
     */
    public Duration retention() {
        return retention;
    }

    /**
     * How long one operation waits for Redis before it fails with {@link WebhookUnavailableException}.
     *
     * @return the command timeout
     */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    @Override
    public String toString() {
        // The connection's URI may carry a password: it stays out.
        return getClass().getSimpleName() + "[" + topology + ", keyPrefix=" + keyPrefix + ", retention=" + retention
                + ", commandTimeout=" + commandTimeout + "]";
    }

    /** Runs one command within the command timeout; {@code what} completes "Redis did not ...". */
    <T> T await(Supplier<RedisFuture<T>> command, String what) {
        return commands.await(command, what);
    }
}
