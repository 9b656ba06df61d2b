package dev.payhooks.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class MutableClockTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void advancesForwardAndBackward() {
        MutableClock clock = new MutableClock(START);

        clock.advance(Duration.ofMinutes(6));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(360));
        clock.advance(Duration.ofSeconds(-60));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void setJumpsToAnInstant() {
        MutableClock clock = new MutableClock(START);

        clock.set(Instant.EPOCH);

        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        assertThat(clock).hasToString("MutableClock[1970-01-01T00:00:00Z]");
    }

    @Test
    void isUtcAndAZonedViewStillMovesWithIt() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        var zoned = clock.withZone(ZoneId.of("Asia/Bangkok"));
        clock.advance(Duration.ofHours(1));
        assertThat(zoned.instant()).isEqualTo(START.plusSeconds(3600));
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> new MutableClock(null)).withMessage("start");
        assertThatNullPointerException().isThrownBy(() -> new MutableClock(START).advance(null)).withMessage("duration");
        assertThatNullPointerException().isThrownBy(() -> new MutableClock(START).set(null)).withMessage("instant");
    }
}
