package dev.payhooks.redis;

import dev.payhooks.redis.internal.RedisKeys;
import dev.payhooks.spi.IdempotencyKey;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis key of an idempotency key: readable for ordinary ids, one-to-one for every identity,
 * printable ASCII, and with the whole identity as the Redis Cluster hash tag.
 */
class RedisKeysTest {

    private static final String PREFIX = "payhooks:idempotency:";

    @Test
    void ordinaryIdsStayReadable() {
        assertThat(RedisKeys.of(PREFIX, new IdempotencyKey("stripe", "", "evt_1NG8Du2eZvKYlo2C")))
                .isEqualTo("payhooks:idempotency:{stripe::evt_1NG8Du2eZvKYlo2C}");
        assertThat(RedisKeys.of(PREFIX, new IdempotencyKey("omise", "m_1/gp_2", "evnt_test_5xp6")))
                .isEqualTo("payhooks:idempotency:{omise:m_1/gp_2:evnt_test_5xp6}");
    }

    @Test
    void separatorsBracesAndNonAsciiAreEscaped() {
        assertThat(RedisKeys.of("p:", new IdempotencyKey("p", "a:b", "{c}%#"))).isEqualTo("p:{p:a%3Ab:%7Bc%7D%25%23}");
        assertThat(RedisKeys.of("p:", new IdempotencyKey("p", "", "é €"))).isEqualTo("p:{p::%C3%A9%20%E2%82%AC}");
        assertThat(RedisKeys.of("p:", new IdempotencyKey("p", "", "\uD83D\uDE00"))).as("a surrogate pair is one code point")
                .isEqualTo("p:{p::%F0%9F%98%80}");
        assertThat(RedisKeys.of("p:", new IdempotencyKey("p", "", "\uD83D?"))).as("a lone surrogate is not '?'")
                .isEqualTo("p:{p::%uD83D?}");
    }

    @Test
    void distinctIdentitiesNeverShareAKeyAndTheHashTagIsTheWholeIdentity() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        // Few characters, many of them special, so that near-collisions are frequent.
        char[] alphabet = {'a', 'b', ':', '%', '{', '}', '#', ' ', 'é', '\uD83D', '\uDE00', '\0', '3', 'A'};
        Map<String, IdempotencyKey> seen = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            IdempotencyKey key = new IdempotencyKey(text(random, alphabet, 0, 3), text(random, alphabet, 0, 3),
                    text(random, alphabet, 1, 4));
            String redisKey = RedisKeys.of(PREFIX, key);
            IdempotencyKey earlier = seen.putIfAbsent(redisKey, key);
            assertThat(earlier).as("seed %d: %s and %s share %s", seed, earlier, key, redisKey).isIn(null, key);

            assertThat(redisKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)).as("seed %d: %s", seed, redisKey).isTrue();
            int open = redisKey.indexOf('{');
            int close = redisKey.indexOf('}');
            assertThat(open).as("seed %d: %s", seed, redisKey).isEqualTo(PREFIX.length());
            assertThat(close).as("seed %d: the first '}' ends the key: %s", seed, redisKey).isEqualTo(redisKey.length() - 1);
            assertThat(SlotHash.getSlot(redisKey)).isEqualTo(SlotHash.getSlot(redisKey.substring(open + 1, close)));
        }
        assertThat(seen.size()).as("distinct identities generated (seed %d)", seed).isGreaterThan(10_000);
    }

    @Test
    void eventsOfOneProviderSpreadOverTheClusterSlots() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            slots.add(SlotHash.getSlot(RedisKeys.of(PREFIX, new IdempotencyKey("stripe", "", "evt_" + i))));
        }
        assertThat(slots).hasSizeGreaterThan(900);
    }

    @Test
    void longIdentitiesAreDigestedWithoutCollidingWithShortOnes() {
        String longKey = "k".repeat(RedisKeys.MAX_IDENTITY_LENGTH);
        String digested = RedisKeys.of("p:", new IdempotencyKey("p", "", longKey));
        String digestedToo = RedisKeys.of("p:", new IdempotencyKey("p", "", longKey + "x"));

        assertThat(digested).matches("p:\\{#[0-9a-f]{64}}");
        assertThat(digestedToo).matches("p:\\{#[0-9a-f]{64}}").isNotEqualTo(digested);
        String lookalike = digested.substring(3, digested.length() - 1);
        assertThat(RedisKeys.of("p:", new IdempotencyKey(lookalike, "", "x"))).as("a short identity starting with #")
                .startsWith("p:{%23");
        String justShortEnough = "k".repeat(RedisKeys.MAX_IDENTITY_LENGTH - 3);
        assertThat(RedisKeys.of("p:", new IdempotencyKey("p", "", justShortEnough))).isEqualTo("p:{p::" + justShortEnough + "}");
    }

    @Test
    void prefixesThatWouldBreakTheHashTagOrTheKeyAreRefused() {
        assertThat(RedisKeys.validPrefix("billing:payhooks:")).isEqualTo("billing:payhooks:");
        assertThatThrownBy(() -> RedisKeys.validPrefix("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> RedisKeys.validPrefix("x".repeat(101))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> RedisKeys.validPrefix("app{1}:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hash");
        assertThatThrownBy(() -> RedisKeys.validPrefix("my app:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> RedisKeys.validPrefix("caf\u00e9:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("printable ASCII");
    }

    private static String text(Random random, char[] alphabet, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }
}
