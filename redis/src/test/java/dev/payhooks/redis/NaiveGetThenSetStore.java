package dev.payhooks.redis;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.time.Instant;

/**
 * The negative control: a deliberately broken store that first GETs the key and then SETs it, in two
 * commands (no NX). Two deliveries that both GET before either SETs both "win", and the handler runs
 * twice. The multi-process harness must catch this.
 */
final class NaiveGetThenSetStore implements IdempotencyStore {

    private final RedisCommands<String, String> redis;
    private final String prefix;

    NaiveGetThenSetStore(RedisCommands<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        String value = redis.get(redisKey(key));
        if (value != null) {
            return value.startsWith("d:") ? new ClaimResult.Completed(Instant.now()) : new ClaimResult.InProgress(Instant.now());
        }
        ClaimToken token = ClaimToken.random();
        redis.set(redisKey(key), "c:" + token.value(), SetArgs.Builder.px(lease.toMillis()));
        return new ClaimResult.Claimed(token);
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        redis.set(redisKey(key), "d:" + System.currentTimeMillis(), SetArgs.Builder.px(Duration.ofDays(1).toMillis()));
        return true;
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        return redis.del(redisKey(key)) == 1;
    }

    private String redisKey(IdempotencyKey key) {
        return prefix + key.provider() + ":" + key.key();
    }
}
