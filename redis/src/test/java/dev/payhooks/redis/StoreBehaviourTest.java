package dev.payhooks.redis;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.redis.internal.Script;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the store writes to Redis and how it reads what it finds there, checked against the server
 * itself: values, expiries, the script cache, values it did not write, and a claim answered too late.
 */
class StoreBehaviourTest {

    private static final String PREFIX = "behaviour:";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(3);

    private static RedisCommands<String, String> redis;

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @BeforeAll
    static void connect() {
        redis = SESSION.connection().sync();
    }

    private static RedisIdempotencyStore store() {
        return RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix(PREFIX).retention(RETENTION).build();
    }

    private static IdempotencyKey freshKey() {
        return new IdempotencyKey("stripe", "acct_1", "evt_" + UUID.randomUUID());
    }

    private static String redisKey(IdempotencyKey key) {
        return PREFIX + "{" + key.provider() + ":" + key.tenant() + ":" + key.key() + "}";
    }

    @Test
    void aClaimIsOneKeyHoldingTheTokenThatExpiresWithTheLease() {
        IdempotencyKey key = freshKey();

        ClaimToken token = ((ClaimResult.Claimed) store().claim(key, LEASE)).token();

        assertThat(redis.get(redisKey(key))).isEqualTo("c:" + token.value());
        assertThat(redis.pttl(redisKey(key))).isBetween(1L, LEASE.toMillis());
        assertThat(redis.keys(PREFIX + "*" + key.key() + "*")).as("one key per claim").hasSize(1);
    }

    @Test
    void aCompletedKeyHoldsTheServerTimeOfCompletionAndExpiresWithTheRetention() {
        RedisIdempotencyStore store = store();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, LEASE)).token();
        Instant before = serverTime();

        assertThat(store.complete(key, token)).isTrue();

        Instant after = serverTime();
        String value = redis.get(redisKey(key));
        assertThat(value).matches("d:[0-9]{13}");
        Instant completedAt = Instant.ofEpochMilli(Long.parseLong(value.substring(2)));
        assertThat(completedAt).isBetween(before.minusMillis(1), after);
        assertThat(redis.pttl(redisKey(key))).isBetween(RETENTION.toMillis() - 60_000, RETENTION.toMillis());
        assertThat(store.claim(key, LEASE)).isEqualTo(new ClaimResult.Completed(completedAt));
    }

    @Test
    void aClaimInProgressReportsWhenItsLeaseEndsOnTheServerClock() {
        RedisIdempotencyStore store = store();
        IdempotencyKey key = freshKey();
        Instant before = serverTime();
        store.claim(key, LEASE);

        ClaimResult second = store.claim(key, LEASE);

        Instant after = serverTime();
        assertThat(second).isInstanceOf(ClaimResult.InProgress.class);
        assertThat(((ClaimResult.InProgress) second).leaseExpiresAt())
                .isBetween(before.plus(LEASE).minusSeconds(5), after.plus(LEASE).plusMillis(1));
    }

    @Test
    void aReleaseDeletesTheKeyAndAnotherTokenChangesNothing() {
        RedisIdempotencyStore store = store();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, LEASE)).token();

        assertThat(store.release(key, new ClaimToken("c:" + token.value()))).isFalse();
        assertThat(store.complete(key, new ClaimToken(token.value() + " "))).as("not an ASCII token of ours").isFalse();
        assertThat(redis.get(redisKey(key))).isEqualTo("c:" + token.value());
        assertThat(store.release(key, token)).isTrue();
        assertThat(redis.exists(redisKey(key))).isZero();
    }

    @Test
    void aHandlerThatOutlivesItsLeaseCanNoLongerComplete() {
        RedisIdempotencyStore store = store();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, LEASE)).token();

        TestRedis.advance(redis, PREFIX, LEASE.plusMillis(1));

        assertThat(store.complete(key, token)).isFalse();
        assertThat(redis.exists(redisKey(key))).as("not marked done by a stale owner").isZero();
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void scriptsForgottenByTheServerAreLoadedAgainWithEval() {
        RedisIdempotencyStore store = store();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, LEASE)).token();
        redis.scriptFlush();
        assertThat(redis.scriptExists(Script.COMPLETE.sha1())).containsExactly(false);

        assertThat(store.complete(key, token)).isTrue();

        assertThat(redis.scriptExists(Script.COMPLETE.sha1())).as("cached by the EVAL fallback").containsExactly(true);
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void initializeLoadsEveryScript() {
        redis.scriptFlush();

        store().initialize();

        assertThat(redis.scriptExists(Script.INSPECT.sha1(), Script.COMPLETE.sha1(), Script.RELEASE.sha1()))
                .containsExactly(true, true, true);
    }

    @Test
    void storesWithOtherPrefixesDoNotSeeEachOthersKeys() {
        IdempotencyKey key = freshKey();
        RedisIdempotencyStore billing = RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix("behaviour:billing:").build();
        RedisIdempotencyStore shop = RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix("behaviour:shop:").build();

        assertThat(billing.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(shop.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void aValueTheStoreDidNotWriteMeans503() {
        IdempotencyKey key = freshKey();
        redis.set(redisKey(key), "cached-order-4711");

        assertThatThrownBy(() -> store().claim(key, LEASE)).isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("holds a value this store did not write")
                .hasMessageContaining("keyPrefix")
                .hasMessageNotContaining("cached-order-4711");
        assertThat(redis.get(redisKey(key))).as("left alone").isEqualTo("cached-order-4711");
    }

    @Test
    void aKeyOfAnotherTypeMeans503() {
        IdempotencyKey key = freshKey();
        redis.hset(redisKey(key), "field", "value");

        assertThatThrownBy(() -> store().claim(key, LEASE)).isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("Redis could not look at a claimed event");
        assertThatThrownBy(() -> store().complete(key, ClaimToken.random())).isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("Redis could not record the completion");
    }

    @Test
    void aClaimAnsweredTooLateIsReleasedSoItBlocksNoRetry() {
        RedisIdempotencyStore impatient = RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix(PREFIX)
                .commandTimeout(Duration.ofMillis(50)).build();
        IdempotencyKey key = freshKey();
        long setsBefore = setCalls();
        try (StatefulRedisConnection<String, String> admin = SESSION.client().connect()) {
            // Every client's commands wait on the server for 1.5 s: the claim gets no answer in time.
            admin.sync().clientPause(1_500);

            assertThatThrownBy(() -> impatient.claim(key, LEASE)).isInstanceOf(WebhookUnavailableException.class)
                    .hasMessageContaining("within the command timeout of PT0.05S");
        }
        // Commands on one connection run in order: once this one is answered, the late SET and the
        // release queued behind it have run.
        assertThat(redis.ping()).isEqualTo("PONG");

        assertThat(setCalls()).as("the SET did reach the server, late").isEqualTo(setsBefore + 1);
        assertThat(redis.exists(redisKey(key))).as("and its claim was released").isZero();
        assertThat(store().claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void aCompletionAnsweredTooLateByARestartedServerIsStillRecorded() throws InterruptedException {
        RedisIdempotencyStore impatient = RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix(PREFIX)
                .commandTimeout(Duration.ofMillis(50)).build();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) impatient.claim(key, LEASE)).token();
        try (StatefulRedisConnection<String, String> admin = SESSION.client().connect()) {
            // What a restart does to the completion in flight: the server forgets its scripts and
            // answers late, so the EVALSHA nobody waits for any more meets NOSCRIPT.
            admin.sync().scriptFlush();
            admin.sync().clientPause(1_000);

            assertThatThrownBy(() -> impatient.complete(key, token)).isInstanceOf(WebhookUnavailableException.class)
                    .hasMessageContaining("within the command timeout");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!String.valueOf(redis.get(redisKey(key))).startsWith("d:") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(redis.get(redisKey(key))).as("the completion was recorded late, with the script itself")
                .startsWith("d:");
        assertThat(store().claim(key, LEASE)).as("so a retry is a duplicate, not blocked for the lease")
                .isInstanceOf(ClaimResult.Completed.class);
    }

    private static long setCalls() {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_set:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_set:calls=([0-9]+),.*$", "$1"));
            }
        }
        return 0;
    }

    private static Instant serverTime() {
        List<String> time = redis.time();
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000);
    }
}
