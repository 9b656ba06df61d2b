package dev.payhooks.redis;

import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.contract.ObjectVersionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The testkit's version store contract on a real redis-server; {@link #advance} shortens every
 * key's time to live ({@link TestRedis#advance}), which to the store is the server clock moving.
 */
class RedisObjectVersionStoreContractTest extends ObjectVersionStoreContract {

    private static final String PREFIX = "version-contract:";

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @Override
    protected ObjectVersionStore newStore() {
        return RedisObjectVersionStore.builder(SESSION.connection()).keyPrefix(PREFIX).retention(retention()).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestRedis.advance(SESSION.connection(), PREFIX, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(30);
    }
}
