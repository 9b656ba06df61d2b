package dev.payhooks.redis;

import dev.payhooks.spi.IdempotencyKey;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder and the arguments of each operation are checked at once, with messages that say how to fix them. */
class ConfigurationTest {

    @RegisterExtension
    static final TestRedis.Session SESSION = new TestRedis.Session();

    @Test
    void defaults() {
        RedisIdempotencyStore store = RedisIdempotencyStore.builder(SESSION.connection()).build();

        assertThat(store.keyPrefix()).isEqualTo("payhooks:idempotency:").isEqualTo(RedisIdempotencyStore.DEFAULT_KEY_PREFIX);
        assertThat(store.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(store.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.purgeExpired()).as("Redis expires keys by itself").isZero();
        assertThat(store).hasToString("RedisIdempotencyStore[standalone, keyPrefix=payhooks:idempotency:, retention=PT168H,"
                + " commandTimeout=PT2S]");
        assertThat(store.toString()).doesNotContain(String.valueOf(SESSION.server().port()));
    }

    @Test
    void theObjectVersionStoreHasTheSameOptionsAndDefaultsOfItsOwn() {
        RedisObjectVersionStore store = RedisObjectVersionStore.builder(SESSION.connection()).build();

        assertThat(store.keyPrefix()).isEqualTo(RedisObjectVersionStore.DEFAULT_KEY_PREFIX);
        assertThat(store.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(store.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.purgeExpired()).as("Redis expires keys by itself").isZero();
        assertThat(store).hasToString("RedisObjectVersionStore[standalone, keyPrefix=payhooks:versions:, retention=PT720H,"
                + " commandTimeout=PT2S]");
        RedisObjectVersionStore changed = RedisObjectVersionStore.builder(SESSION.connection()).keyPrefix("app:v:")
                .retention(Duration.ofDays(3)).commandTimeout(Duration.ofMillis(500)).build();
        assertThat(changed).hasToString("RedisObjectVersionStore[standalone, keyPrefix=app:v:, retention=PT72H,"
                + " commandTimeout=PT0.5S]");
        assertThatThrownBy(() -> RedisObjectVersionStore.builder(SESSION.connection()).retention(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullConnectionsAreRefused() {
        assertThatThrownBy(() -> RedisIdempotencyStore.builder((StatefulRedisConnection<String, String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("connection");
        assertThatThrownBy(() -> RedisIdempotencyStore.builder((StatefulRedisClusterConnection<String, String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("connection");
    }

    @Test
    void retentionMustBePositiveAndAtMostTenYears() {
        RedisIdempotencyStore.Builder builder = RedisIdempotencyStore.builder(SESSION.connection());

        assertThatThrownBy(() -> builder.retention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must be positive, was PT0S");
        assertThatThrownBy(() -> builder.retention(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> builder.retention(Duration.ofDays(3651))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 3650 days");
        assertThatThrownBy(() -> builder.retention(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.retention(Duration.ofDays(3650)).build().retention()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void commandTimeoutMustBeFromOneMillisecondToOneMinute() {
        RedisIdempotencyStore.Builder builder = RedisIdempotencyStore.builder(SESSION.connection());

        assertThatThrownBy(() -> builder.commandTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 1 millisecond to 1 minute");
        assertThatThrownBy(() -> builder.commandTimeout(Duration.ofNanos(999_999))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.commandTimeout(Duration.ofSeconds(61))).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.commandTimeout(Duration.ofMillis(1)).build().commandTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(builder.commandTimeout(Duration.ofMinutes(1)).build().commandTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void keyPrefixIsValidated() {
        RedisIdempotencyStore.Builder builder = RedisIdempotencyStore.builder(SESSION.connection());

        assertThatThrownBy(() -> builder.keyPrefix("{app}:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '{' or '}'");
        assertThatThrownBy(() -> builder.keyPrefix(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.keyPrefix("billing:").build().keyPrefix()).isEqualTo("billing:");
    }

    @Test
    void leaseMustBePositiveAndAtMostOneDay() {
        RedisIdempotencyStore store = RedisIdempotencyStore.builder(SESSION.connection()).keyPrefix("config:").build();
        IdempotencyKey key = new IdempotencyKey("test", "", "evt_lease");

        assertThatThrownBy(() -> store.claim(key, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease must be positive, was PT0S");
        assertThatThrownBy(() -> store.claim(key, Duration.ofHours(25))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease must be at most one day, was PT25H");
        assertThatThrownBy(() -> store.claim(null, Duration.ofMinutes(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.complete(key, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.release(null, dev.payhooks.spi.ClaimToken.random()))
                .isInstanceOf(NullPointerException.class);
        assertThat(SESSION.connection().sync().keys("config:*")).as("nothing was written").isEmpty();
    }
}
