package dev.payhooks.redis;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The testkit's contract on a real redis-server through one shared Lettuce connection. {@link #advance}
 * shortens the remaining time to live of every key ({@link TestRedis#advance}), which to the store
 * is the server clock moving forward.
 */
class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private static final String PREFIX = "contract:";

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @Override
    protected IdempotencyStore newStore() {
        return RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix(PREFIX).retention(retention()).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestRedis.advance(SESSION.connection(), PREFIX, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }
}
