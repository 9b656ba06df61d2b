package dev.payhooks.redis;

import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.contract.ObjectVersionStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The testkit's version store contract on a real redis-server; {@link #advance} shortens every
 * key's time to live ({@link TestRedis#advance}), which to the store is the server clock moving.
 */
class RedisObjectVersionStoreContractTest extends ObjectVersionStoreContract {

    private static final String PREFIX = "version-contract:";
    private static TestRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startRedis() {
        server = TestRedis.start();
        client = server.client();
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        server.close();
    }

    @Override
    protected ObjectVersionStore newStore() {
        return RedisObjectVersionStore.builder(connection).keyPrefix(PREFIX).retention(retention()).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestRedis.advance(connection, PREFIX, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(30);
    }
}
