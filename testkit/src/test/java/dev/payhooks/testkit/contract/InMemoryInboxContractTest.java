package dev.payhooks.testkit.contract;

import dev.payhooks.spi.Inbox;
import dev.payhooks.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;

/** Core's in-memory implementation, built through its public factory, against the contract. */
class InMemoryInboxContractTest extends InboxContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected Inbox newInbox() {
        return Inbox.inMemory(clock);
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }
}
