package dev.payhooks.redis;

import dev.payhooks.testkit.contract.SigkillTakeover;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @Test
    void eventClaimedByAKilledProcessRunsExactlyOnceAfterItsLeaseExpires() throws Exception {
        TAKEOVER.assertRunsExactlyOnceAfterTheLease(List.of(SESSION.server().uri(), "sigkill:"),
                elapsed -> TestRedis.advance(SESSION.connection(), "sigkill:", elapsed));
    }

    @Test
    void aStoreThatIgnoresTheLeaseLeavesTheKilledProcessesEventStuck() throws Exception {
        TAKEOVER.assertIgnoredLeaseLeavesTheEventStuck(List.of(SESSION.server().uri(), "sigkill-control:"),
                elapsed -> TestRedis.advance(SESSION.connection(), "sigkill-control:", elapsed));
    }
}
