package dev.payhooks.testkit.contract;

import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;

/** Core's in-memory implementation, built through its public factory, against the contract. */
class InMemoryObjectVersionStoreContractTest extends ObjectVersionStoreContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected ObjectVersionStore newStore() {
        return ObjectVersionStore.inMemoryBuilder().clock(clock).retention(retention()).build();
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration retention() {
        return Duration.ofDays(30);
    }
}
