package dev.payhooks.redis;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The testkit's contract on a real redis-server through one shared Lettuce connection. {@link #advance}
 * shortens the remaining time to live of every key ({@link TestRedis#advance}), which to the store
 * is the server clock moving forward.
 */
class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private static final String PREFIX = "contract:";
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
    protected IdempotencyStore newStore() {
        return RedisIdempotencyStore.builder(connection).keyPrefix(PREFIX).retention(retention()).build();
    }

    @Override
    protected void advance(Duration duration) {
        TestRedis.advance(connection, PREFIX, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }
}
