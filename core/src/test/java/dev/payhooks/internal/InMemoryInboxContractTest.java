package dev.payhooks.internal;

import dev.payhooks.spi.Inbox;
import dev.payhooks.testing.InboxContract;
import dev.payhooks.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;

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
