package dev.payhooks.redis;

import dev.payhooks.testkit.contract.MultiProcessClaimRace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The testkit's {@link MultiProcessClaimRace} against one redis-server: two JVM processes x 8
 * threads x 2,000 events, every thread delivering every event (16 deliveries per event); the
 * handler runs exactly 2,000 times, never twice for one event, and both processes win some events
 * (in one of at most three rounds). The same harness with a naive GET-then-SET store must run some
 * event twice, or the harness proves nothing.
 */
class MultiProcessClaimTest {

    private static TestRedis server;

    @BeforeAll
    static void startRedis() {
        server = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void twoProcessesRunEveryEventExactlyOnce() throws Exception {
        // A key prefix of its own per round: every round starts from keys no one has claimed.
        MultiProcessClaimRace.builder(ClaimRaceStores.Real.class).name("RedisIdempotencyStore").build()
                .assertExactlyOnce(round -> List.of(server.uri(), "mp-real-" + round + ":"));
    }

    @Test
    void naiveGetThenSetStoreRunsSomeEventsTwiceInTheSameHarness() throws Exception {
        MultiProcessClaimRace.builder(ClaimRaceStores.Naive.class).name("naive GET-then-SET store").build()
                .assertRunsSomeEventTwice(round -> List.of(server.uri(), "mp-naive:"));
    }
}
