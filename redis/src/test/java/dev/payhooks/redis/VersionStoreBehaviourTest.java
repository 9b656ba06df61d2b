package dev.payhooks.redis;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.VersionClaim;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the version store does when Redis answers too late: a version advance that timed out while
 * the server forgot its scripts (what a restart does) is still made once the server answers, so a
 * handled event's version is not lost and an older event cannot pass the guard afterwards.
 */
class VersionStoreBehaviourTest {

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @Test
    void anAdvanceAnsweredTooLateByARestartedServerIsStillMade() throws InterruptedException {
        RedisObjectVersionStore impatient = RedisObjectVersionStore.builder(SESSION.connection()).keyPrefix("late-version:")
                .commandTimeout(Duration.ofMillis(50)).build();
        ObjectKey key = new ObjectKey("stripe", "acct_1", "refund", "re_" + UUID.randomUUID());
        ObjectVersion newer = new ObjectVersion(Instant.parse("2026-12-01T10:00:00Z"), OptionalLong.empty(), "evt_newer");
        ClaimToken token = ((VersionClaim.Claimed) impatient.claim(key, newer, Duration.ofMinutes(5))).token();
        try (StatefulRedisConnection<String, String> admin = SESSION.client().connect()) {
            admin.sync().scriptFlush();
            admin.sync().clientPause(1_000);

            assertThatThrownBy(() -> impatient.advance(key, newer, token)).isInstanceOf(WebhookUnavailableException.class)
                    .hasMessageContaining("within the command timeout");
        }
        RedisObjectVersionStore store = RedisObjectVersionStore.builder(SESSION.connection()).keyPrefix("late-version:").build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.current(key).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(store.current(key).map(ObjectVersion::eventId)).as("the advance was made late, with the script itself")
                .isEqualTo(Optional.of("evt_newer"));
        ObjectVersion older = new ObjectVersion(Instant.parse("2026-12-01T09:00:00Z"), OptionalLong.empty(), "evt_older");
        assertThat(store.claim(key, older, Duration.ofMinutes(5))).as("so an older event is refused")
                .isInstanceOf(VersionClaim.Older.class);
    }
}
