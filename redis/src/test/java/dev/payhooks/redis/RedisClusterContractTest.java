package dev.payhooks.redis;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The testkit's contract through a Redis Cluster connection: a real redis-server in cluster mode that owns
 * all 16,384 slots, reached with Lettuce's cluster client (which routes each command by its key's
 * slot and runs the scripts on the node that owns it).
 */
class RedisClusterContractTest extends IdempotencyStoreContract {

    private static final String PREFIX = "cluster:";
    private static TestRedis server;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void startCluster() throws InterruptedException {
        server = TestRedis.start(false, "cluster-enabled yes", "cluster-config-file nodes.conf");
        RedisClient setup = server.client();
        try (StatefulRedisConnection<String, String> node = setup.connect()) {
            node.sync().clusterAddSlots(IntStream.range(0, SlotHash.SLOT_COUNT).toArray());
            Instant deadline = Instant.now().plusSeconds(30);
            while (!node.sync().clusterInfo().contains("cluster_state:ok")) {
                assertThat(Instant.now()).as("cluster state ok within 30 s").isBefore(deadline);
                Thread.sleep(20); // polls a state change of the server; no timing is asserted
            }
        } finally {
            setup.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
        client = RedisClusterClient.create(RedisURI.create(server.uri()));
        connection = client.connect();
    }

    @AfterAll
    static void stopCluster() {
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
        TestRedis.advance(connection.sync(), PREFIX, duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }

    @Test
    void theStoreSaysItRunsOnACluster() {
        assertThat(RedisIdempotencyStore.builder(connection).build().toString()).startsWith("RedisIdempotencyStore[cluster,");
    }

    @Test
    void eachClaimLivesInTheSlotOfItsIdentity() {
        IdempotencyKey key = freshKey();
        newStore().claim(key, shortLease());

        String redisKey = PREFIX + "{" + key.provider() + "::" + key.key() + "}";
        assertThat(connection.sync().exists(redisKey)).isOne();
        assertThat(connection.sync().clusterKeyslot(redisKey))
                .isEqualTo(connection.sync().clusterKeyslot(key.provider() + "::" + key.key()));
        assertThat(newStore().claim(key, shortLease())).isInstanceOf(ClaimResult.InProgress.class);
    }
}
