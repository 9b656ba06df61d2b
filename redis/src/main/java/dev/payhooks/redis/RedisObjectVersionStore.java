package dev.payhooks.redis;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.redis.internal.Durations;
import dev.payhooks.redis.internal.RedisKeys;
import dev.payhooks.redis.internal.Script;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ordering guard's {@link ObjectVersionStore} in Redis, through a Lettuce connection the
 * application owns (standalone, Sentinel or Cluster), beside {@link RedisIdempotencyStore}.
 *
 * <pre>{@code
 * RedisObjectVersionStore versions = RedisObjectVersionStore.builder(connection).build();
 * WebhookReceiver receiver = WebhookReceiver.builder().source(source)
 *         .idempotencyStore(RedisIdempotencyStore.builder(connection).build())
 *         .ordering(Ordering.builder().store(versions).build())
 *         ...build();
 * }</pre>
 *
 * <p><b>How it works.</b> Per provider object a hash {@code <prefix>{<provider>:<tenant>:<type>:<id>}}
 * holds the newest version handled (created milliseconds, sequence, event id), with the retention
 * as its time to live from its last advance; beside it, in the same Cluster slot, {@code ...:hold}
 * holds the token of the event being handled, with the lease as its time to live. The claim and
 * the advance are Lua scripts, each one atomic step on the server: the claim compares the event
 * with the stored version and, if it is newer or ties, takes the hold with {@code SET NX PX}; the
 * advance replaces the version only if the event is newer and ends the hold if the token still
 * has it. See the <a href="https://redis.io/docs/latest/commands/eval/">EVAL</a> documentation.
 *
 * <p><b>Failures.</b> A connection failure, a Redis error or no answer within the command timeout
 * becomes a {@link WebhookUnavailableException} (503). Durability is the server's, as for the
 * idempotency store: use {@code maxmemory-policy noeviction} and, if a restart must not forget,
 * {@code appendonly yes}.
 *
 * <p>Immutable after {@link Builder#build()} and thread-safe. The store never closes the connection.
 *
 * @since 0.1.0
 */
public final class RedisObjectVersionStore extends RedisStore implements ObjectVersionStore {

    /** The key prefix used unless {@link Builder#keyPrefix(String)} says otherwise. */
    public static final String DEFAULT_KEY_PREFIX = "payhooks:versions:";

    private static final Duration MAX_LEASE = Duration.ofDays(1);


    private RedisObjectVersionStore(Builder builder) {
        super(builder);
    }

    /**
     * A builder on a standalone, Sentinel or master/replica connection, with the prefix
     * {@value #DEFAULT_KEY_PREFIX}, a 30-day retention and a 2-second command timeout.
     *
     * @param connection an open connection with string keys and values; the application closes it
     * @return a new builder
     */
    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(StoreBuilder.Connection.standalone(connection));
    }

    /**
     * A builder on a Redis Cluster connection; an object's version and hold share a hash tag.
     *
     * @param connection an open cluster connection with string keys and values; the application closes it
     * @return a new builder
     */
    public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
        return new Builder(StoreBuilder.Connection.cluster(connection));
    }

    @Override
    public VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        long leaseMillis = Durations.millis(lease, "lease", MAX_LEASE);
        ClaimToken token = ClaimToken.random();
        String versionKey = RedisKeys.of(keyPrefix, key);
        List<Object> reply = script(Script.VERSION_CLAIM, ScriptOutputType.MULTI, versionKey, "hold the object",
                args(version, token.value(), leaseMillis));
        String verdict = String.valueOf(reply.get(0));
        switch (verdict) {
            case "older":
                return new VersionClaim.Older(version(reply, 1).orElseThrow());
            case "busy":
                return new VersionClaim.Busy();
            case "claimed":
                return new VersionClaim.Claimed(token, ((Number) reply.get(1)).longValue() == 1, version(reply, 2));
            default:
                throw new WebhookUnavailableException("Redis answered the version claim with " + verdict, null);
        }
    }

    @Override
    public boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(token, "token");
        Long held = script(Script.VERSION_ADVANCE, ScriptOutputType.INTEGER, RedisKeys.of(keyPrefix, key),
                "advance the object's version", args(version, token.value(), retention().toMillis()));
        return held == 1L;
    }

    @Override
    public boolean release(ObjectKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        String hold = RedisKeys.holdOf(RedisKeys.of(keyPrefix, key));
        Long released = evalScript(Script.RELEASE, ScriptOutputType.INTEGER, new String[] {hold}, "release the object",
                token.value());
        return released == 1L;
    }

    @Override
    public Optional<ObjectVersion> current(ObjectKey key) {
        Objects.requireNonNull(key, "key");
        List<KeyValue<String, String>> fields = await(() -> redis.hmget(RedisKeys.of(keyPrefix, key), "c", "s", "e"),
                "read the object's version");
        if (!fields.get(0).hasValue()) {
            return Optional.empty();
        }
        OptionalLong sequence = fields.get(1).hasValue() ? OptionalLong.of(Long.parseLong(fields.get(1).getValue()))
                : OptionalLong.empty();
        return Optional.of(new ObjectVersion(Instant.ofEpochMilli(Long.parseLong(fields.get(0).getValue())), sequence,
                fields.get(2).getValueOrElse("")));
    }

    private static String[] args(ObjectVersion version, String token, long millis) {
        return new String[] {Long.toString(version.createdMillis()), version.sequence().isPresent() ? "1" : "0",
                Long.toString(version.sequence().orElse(0)), version.eventId(), token, Long.toString(millis)};
    }

    private static Optional<ObjectVersion> version(List<Object> reply, int first) {
        String created = String.valueOf(reply.get(first));
        if (created.isEmpty()) {
            return Optional.empty();
        }
        String sequence = String.valueOf(reply.get(first + 1));
        return Optional.of(new ObjectVersion(Instant.ofEpochMilli(Long.parseLong(created)),
                sequence.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(sequence)),
                String.valueOf(reply.get(first + 2))));
    }

    private <T> T script(Script script, ScriptOutputType type, String versionKey, String what, String... args) {
        return evalScript(script, type, new String[] {versionKey, RedisKeys.holdOf(versionKey)}, what, args);
    }

    private <T> T evalScript(Script script, ScriptOutputType type, String[] keys, String what, String... args) {
        return commands.script(script, type, keys, what, args);
    }

    /**
     * Builds a {@link RedisObjectVersionStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends StoreBuilder<Builder> {

        private Builder(StoreBuilder.Connection connection) {
            super(connection, DEFAULT_KEY_PREFIX, Duration.ofDays(30));
        }

        /**
         * The store. Does not talk to Redis.
         *
         * @return a new store
         */
        public RedisObjectVersionStore build() {
            return new RedisObjectVersionStore(this);
        }
    }
}
