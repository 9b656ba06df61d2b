package dev.payhooks.spi.signature;

import dev.payhooks.Tolerance;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsAndToleranceTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void parsesPlainDigits() {
        assertThat(Timestamps.parseUnixSeconds("1700000000")).isEqualTo(1_700_000_000L);
        assertThat(Timestamps.parseUnixSeconds("0")).isZero();
        assertThat(Timestamps.parseUnixSeconds("999999999999")).isEqualTo(999_999_999_999L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+1700000000", "-1700000000", "01700000000", "00", "1700000000 ", " 1700000000", "1.7e9",
            "0x65", "1700000000\n", "١٧٠٠٠٠٠٠٠٠", "１７００００００００", "1700000000000", "9223372036854775808",
            "17000O0000", "1_700_000_000", "NaN"})
    void rejectsEverythingButPlainAsciiDigits(String text) {
        assertThatThrownBy(() -> Timestamps.parseUnixSeconds(text))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_TIMESTAMP));
    }

    @Test
    void missingTimestampHasItsOwnReason() {
        assertThatThrownBy(() -> Timestamps.parseUnixSeconds(null))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_TIMESTAMP));
    }

    @Test
    void agreesWithLongParseLongOnEveryCanonicalNumber() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long value = Math.floorMod(random.nextLong(), 1_000_000_000_000L);
            assertThat(Timestamps.parseUnixSeconds(Long.toString(value))).as("seed %d", seed).isEqualTo(value);
        }
    }

    @Test
    void toleranceChecksBothDirectionsInclusively() {
        Tolerance tolerance = Tolerance.of(Duration.ofSeconds(300), Duration.ofSeconds(60));
        long now = NOW.getEpochSecond();

        tolerance.check(now, NOW);
        tolerance.check(now - 300, NOW);
        tolerance.check(now + 60, NOW);
        assertReason(() -> tolerance.check(now - 301, NOW), RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> tolerance.check(now + 61, NOW), RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void toleranceIsOverflowSafe() {
        Tolerance tolerance = Tolerance.of(Duration.ofSeconds(300));
        assertReason(() -> tolerance.check(Long.MAX_VALUE, NOW), RejectionReason.TIMESTAMP_IN_FUTURE);
        assertReason(() -> tolerance.check(Long.MIN_VALUE, NOW), RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> tolerance.check(0, NOW), RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> Tolerance.of(Duration.ofSeconds(Long.MAX_VALUE / 2)).check(Long.MIN_VALUE, Instant.MAX), RejectionReason.TIMESTAMP_TOO_OLD);
        Tolerance.of(Duration.ofSeconds(Long.MAX_VALUE)).check(0, NOW);
        Tolerance.of(Duration.ofSeconds(Long.MAX_VALUE)).check(Long.MAX_VALUE, NOW);
        assertReason(() -> Tolerance.of(Duration.ofSeconds(Long.MAX_VALUE)).check(Long.MIN_VALUE, NOW), RejectionReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void disablingTheCheckIsExplicit() {
        Tolerance disabled = Tolerance.disabledForSchemesWithoutTimestamps();
        disabled.check(0, NOW);
        assertThat(disabled.isEnabled()).isFalse();
        assertThatThrownBy(() -> Tolerance.of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disabledForSchemesWithoutTimestamps");
        assertThatThrownBy(() -> Tolerance.of(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tolerance.of(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertReason(Runnable check, RejectionReason reason) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(WebhookVerificationException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
