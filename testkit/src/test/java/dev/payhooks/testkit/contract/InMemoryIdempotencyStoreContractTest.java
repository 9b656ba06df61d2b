package dev.payhooks.testkit.contract;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;

/** Core's in-memory implementation, built through its public factory, against the contract. */
class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected IdempotencyStore newStore() {
        return IdempotencyStore.inMemoryBuilder().clock(clock).retention(retention()).build();
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
