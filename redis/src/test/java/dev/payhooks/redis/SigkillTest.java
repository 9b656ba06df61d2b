package dev.payhooks.redis;

import dev.payhooks.testkit.contract.SigkillTakeover;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * A JVM is killed with SIGKILL between claim and completion, on a real redis-server: the test
 * kit's {@link SigkillTakeover}. Until its lease ends, redeliveries are answered "in progress" and
 * run nothing; after it, eight concurrent redeliveries from another process run the event exactly
 * once, and later ones are duplicates. The negative control (a store that ignores the lease) leaves
 * the event stuck, and the same check catches it. The lease's end is simulated by shortening the
 * keys' TTLs ({@link TestRedis#advance}), not waited for.
 */
class SigkillTest {

    private static final SigkillTakeover TAKEOVER = SigkillTakeover.builder(ClaimRaceStores.Real.class)
            .name("RedisIdempotencyStore").build();

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

    @Test
    void eventClaimedByAKilledProcessRunsExactlyOnceAfterItsLeaseExpires() throws Exception {
        TAKEOVER.assertRunsExactlyOnceAfterTheLease(List.of(server.uri(), "sigkill:"),
                elapsed -> TestRedis.advance(connection, "sigkill:", elapsed));
    }

    @Test
    void aStoreThatIgnoresTheLeaseLeavesTheKilledProcessesEventStuck() throws Exception {
        TAKEOVER.assertIgnoredLeaseLeavesTheEventStuck(List.of(server.uri(), "sigkill-control:"),
                elapsed -> TestRedis.advance(connection, "sigkill-control:", elapsed));
    }
}
