package dev.payhooks.redis;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.List;

/**
 * The stores {@link MultiProcessClaimTest}'s child JVMs race on, all of a child's threads on one
 * shared Lettuce connection (as an application uses it). Arguments: redisUri keyPrefix.
 */
abstract class ClaimRaceStores implements MultiProcessClaimRace.StoreFactory {

    private RedisClient client;

    ClaimRaceStores() {
    }

    @Override
    public final IdempotencyStore open(List<String> arguments, int threads) {
        client = RedisClient.create(arguments.get(0));
        return store(client.connect(), arguments.get(1));
    }

    abstract IdempotencyStore store(StatefulRedisConnection<String, String> connection, String prefix);

    @Override
    public final void close() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));  // closes the connection too
        }
    }

    /** {@link RedisIdempotencyStore}. */
    public static final class Real extends ClaimRaceStores {

        /** Created by name in the child JVM. */
        public Real() {
        }

        @Override
        IdempotencyStore store(StatefulRedisConnection<String, String> connection, String prefix) {
            return RedisIdempotencyStore.builder(connection).keyPrefix(prefix).build();
        }
    }

    /** The negative control, {@link NaiveGetThenSetStore}. */
    public static final class Naive extends ClaimRaceStores {

        /** Created by name in the child JVM. */
        public Naive() {
        }

        @Override
        IdempotencyStore store(StatefulRedisConnection<String, String> connection, String prefix) {
            return new NaiveGetThenSetStore(connection.sync(), prefix);
        }
    }
}
