package dev.payhooks.redis;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.store.ClaimTokens;
import dev.payhooks.redis.internal.Durations;
import dev.payhooks.redis.internal.RedisKeys;
import dev.payhooks.redis.internal.Script;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An {@link IdempotencyStore} in Redis, shared by every instance of an application, through a
 * Lettuce connection that the application creates, configures and closes: standalone, Sentinel
 * ({@code redis-sentinel://} URIs) or Cluster.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://localhost:6379");
 * StatefulRedisConnection<String, String> connection = client.connect();
 * RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection)
 *         .retention(Duration.ofDays(7))
 *         .build();
 * store.initialize();   // optional: fail at startup, not at the first webhook, if Redis is unreachable
 * WebhookReceiver receiver = WebhookReceiver.builder().source(source).idempotencyStore(store)...build();
 * }</pre>
 *
 * <p><b>How it works.</b> One Redis key per event, {@code <prefix>{<provider>:<tenant>:<event key>}}
 * (scoped by provider and tenant, escaped so that no two identities share a key; the braces are a
 * Cluster hash tag). A claim is one {@code SET key c:<token> NX PX <lease>}: Redis creates the key
 * only if it does not exist, atomically, so exactly one of any number of concurrent deliveries gets
 * it. Only when the key exists does a second, read-only step learn whether it is claimed (a
 * {@code c:} value and its remaining lease) or completed (a {@code d:} value). Completion and
 * release are Lua scripts (run by {@code EVALSHA}, loaded with {@code EVAL} when the server does
 * not know them yet) that check the token and write in one atomic step: completion turns the value
 * into {@code d:<time>} with the retention as its time to live; release deletes the key. A claim
 * whose lease ran out is simply gone, so the next delivery's {@code SET NX} takes it over, and the
 * crashed owner's token matches nothing any more. See the
 * <a href="https://redis.io/docs/latest/commands/set/">SET</a> and
 * <a href="https://redis.io/docs/latest/commands/eval/">EVAL</a> command documentation.
 *
 * <p><b>Time.</b> Leases and the retention are Redis expiries, measured by the Redis server, never
 * by the application's clock. The instants in {@link ClaimResult.InProgress} and
 * {@link ClaimResult.Completed} are on the server's clock too. A lease ends exactly when it ends:
 * a handler that outlives its lease can no longer complete (see
 * {@link dev.payhooks.WebhookReceiver.Builder#lease(Duration)}).
 *
 * <p><b>Failures.</b> A connection failure, a Redis error or no answer within the
 * {@link Builder#commandTimeout(Duration) command timeout} becomes a
 * {@link WebhookUnavailableException}: the receiver answers 503, runs no handler and nothing is
 * marked done. Lettuce keeps commands written while it reconnects and sends them once the server is
 * back; a claim that was answered too late is therefore followed by a release of the same token,
 * so that a claim nobody waited for does not block the provider's retry until its lease ends; and a
 * completion or release answered too late is sent again as a plain {@code EVAL} if the server, having
 * restarted meanwhile, no longer knows the script, so that a handled event is not left claimed.
 *
 * <p><b>What Redis must keep.</b> The store is exactly as durable as the server: a completed key
 * lost to a restart without persistence, a failover to a replica that had not received it, or
 * eviction under memory pressure lets a redelivery run its handlers again. Use
 * {@code maxmemory-policy noeviction} (then a full server makes claims fail with 503 rather than
 * forget completions) and, if a restart must not forget, {@code appendonly yes}. Completed keys take
 * roughly 150 bytes each for the retention.
 *
 * <p>Needs Redis 6.2 or newer (tested with 6.2). Immutable after {@link Builder#build()} and
 * thread-safe; Lettuce connections are thread-safe and shared by all calls. The store never closes
 * the connection.
 *
 * @since 0.1.0
 */
public final class RedisIdempotencyStore extends RedisStore implements IdempotencyStore {

    /** The key prefix used unless {@link Builder#keyPrefix(String)} says otherwise. */
    public static final String DEFAULT_KEY_PREFIX = "payhooks:idempotency:";

    private static final Duration MAX_LEASE = Duration.ofDays(1);
    /** A key that vanishes between the SET NX and the look at it (released, expired) is claimed again, this often. */
    private static final int CLAIM_ATTEMPTS = 5;

    private final String retentionMillis;

    private RedisIdempotencyStore(Builder builder) {
        super(builder);
        this.retentionMillis = Long.toString(builder.retention.toMillis());
    }

    /**
     * A builder for a store on a standalone, Sentinel or master/replica connection, with the prefix
     * {@value #DEFAULT_KEY_PREFIX}, a 7-day retention and a 2-second command timeout.
     *
     * @param connection an open connection with string keys and values, for example
     *        {@code RedisClient.create(uri).connect()}; the application closes it
     * @return a new builder
     */
    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(StoreBuilder.Connection.standalone(connection));
    }

    /**
     * A builder for a store on a Redis Cluster connection, with the prefix
     * {@value #DEFAULT_KEY_PREFIX}, a 7-day retention and a 2-second command timeout. Each event's
     * key carries a hash tag, so every command of one claim goes to one node.
     *
     * @param connection an open cluster connection with string keys and values, for example
     *        {@code RedisClusterClient.create(uri).connect()}; the application closes it
     * @return a new builder
     */
    public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
        return new Builder(StoreBuilder.Connection.cluster(connection));
    }

    /**
     * Checks once that Redis answers and loads the store's scripts into its script cache. Optional
     * (the first operation loads them as needed), but calling it at startup turns an unreachable
     * server into a startup failure instead of failing webhooks.
     *
     * @throws WebhookUnavailableException when Redis cannot be reached or refuses the scripts
     */
    public void initialize() {
        for (Script script : List.of(Script.INSPECT, Script.COMPLETE, Script.RELEASE)) {
            String sha1 = await(() -> redis.scriptLoad(script.source()), "load its scripts");
            if (!script.sha1().equals(sha1)) {
                throw new WebhookUnavailableException("Redis named a loaded script " + sha1 + " instead of "
                        + script.sha1() + "; is this a Redis-compatible server that implements SCRIPT LOAD?", null);
            }
        }
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        Objects.requireNonNull(key, "key");
        long leaseMillis = Durations.millis(lease, "lease", MAX_LEASE);
        String redisKey = RedisKeys.of(keyPrefix, key);
        ClaimToken token = ClaimToken.random();
        String claimed = Script.CLAIMED + token.value();
        SetArgs createOnly = SetArgs.Builder.nx().px(leaseMillis);
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            String reply;
            try {
                reply = await(() -> redis.set(redisKey, claimed, createOnly), "claim the event");
            } catch (WebhookUnavailableException e) {
                releaseLater(redisKey, claimed);
                throw e;
            }
            if ("OK".equals(reply)) {
                return new ClaimResult.Claimed(token);
            }
            List<Object> state = script(Script.INSPECT, ScriptOutputType.MULTI, redisKey, "look at a claimed event");
            if (state.isEmpty()) {
                continue; // released or expired since the SET: try again
            }
            String value = String.valueOf(state.get(0));
            if (value.equals(claimed)) {
                // Our own SET, sent again by Lettuce after a reconnect, found the key it had created.
                return new ClaimResult.Claimed(token);
            }
            Instant now = serverTime(state);
            if (value.startsWith(Script.CLAIMED)) {
                long remaining = ((Number) state.get(1)).longValue();
                return new ClaimResult.InProgress(remaining > 0 ? now.plusMillis(remaining) : now);
            }
            return new ClaimResult.Completed(completedAt(value));
        }
        throw new WebhookUnavailableException("the idempotency key kept changing while it was being claimed (claimed"
                + " and released repeatedly by other deliveries); the delivery will be retried", null);
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        if (!couldBeOurs(key, token)) {
            return false;
        }
        Long done = script(Script.COMPLETE, ScriptOutputType.INTEGER, RedisKeys.of(keyPrefix, key),
                "record the completion", Script.CLAIMED + token.value(), retentionMillis);
        return done == 1L;
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        if (!couldBeOurs(key, token)) {
            return false;
        }
        Long released = script(Script.RELEASE, ScriptOutputType.INTEGER, RedisKeys.of(keyPrefix, key),
                "release the claim", Script.CLAIMED + token.value());
        return released == 1L;
    }

    private <T> T script(Script script, ScriptOutputType type, String redisKey, String what, String... args) {
        return commands.script(script, type, new String[] {redisKey}, what, args);
    }

    private void releaseLater(String redisKey, String claimed) {
        // Commands on one connection run in the order they were written, so this release runs after
        // the SET that was not answered in time, whenever that one runs. Nobody waits for it.
        commands.evalQuietly(Script.RELEASE, ScriptOutputType.INTEGER, new String[] {redisKey}, claimed);
    }

    private static Instant serverTime(List<Object> state) {
        long seconds = Long.parseLong(String.valueOf(state.get(2)));
        long micros = Long.parseLong(String.valueOf(state.get(3)));
        return Instant.ofEpochSecond(seconds, micros * 1_000);
    }

    private Instant completedAt(String value) {
        if (value.startsWith(Script.DONE)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(value.substring(Script.DONE.length())));
            } catch (NumberFormatException e) {
                // falls through: not a value this store wrote
            }
        }
        throw new WebhookUnavailableException("a Redis key under the prefix " + keyPrefix + " holds a value this store"
                + " did not write; give the store a keyPrefix that nothing else writes under", null);
    }

    private static boolean couldBeOurs(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        // Our tokens are short ASCII; anything else cannot own a key, and needs no round trip.
        return ClaimTokens.couldBeOurs(token);
    }

    /**
     * Builds a {@link RedisIdempotencyStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends StoreBuilder<Builder> {

        private Builder(StoreBuilder.Connection connection) {
            super(connection, DEFAULT_KEY_PREFIX, Duration.ofDays(7));
        }

        /**
         * The store. Does not talk to Redis: see {@link RedisIdempotencyStore#initialize()}.
         *
         * @return a new store
         */
        public RedisIdempotencyStore build() {
            return new RedisIdempotencyStore(this);
        }
    }
}
