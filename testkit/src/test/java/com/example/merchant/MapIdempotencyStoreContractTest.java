package com.example.merchant;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;

import java.time.Duration;
import java.time.Instant;

/**
 * The positive control, and the example of testkit/README.md: a store written outside payhooks
 * runs the published contract with nothing but payhooks-testkit's declared dependencies.
 */
class MapIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected IdempotencyStore newStore() {
        return new MapIdempotencyStore(clock, retention(), MapIdempotencyStore.Defect.NONE);
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(7);
    }
}
