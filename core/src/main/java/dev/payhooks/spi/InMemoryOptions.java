package dev.payhooks.spi;

import dev.payhooks.internal.config.Checks;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The options the in-memory idempotency store and object version store share, with the same
 * names, limits and validation. Package-private: its methods are part of
 * {@link IdempotencyStore.InMemoryBuilder} and {@link ObjectVersionStore.InMemoryBuilder}.
 *
 * @param <B> the builder
 */
abstract class InMemoryOptions<B extends InMemoryOptions<B>> {

    Clock clock = Clock.systemUTC();
    Duration retention;
    int maxEntries = 1_000_000;

    InMemoryOptions(Duration defaultRetention) {
        this.retention = defaultRetention;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The clock leases, holds and retention are measured with (inject one in tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * How long an entry is kept after it was last written: a completed key (default 7 days), an
     * object's version after its last advance (default 30 days). Keep it longer than the provider
     * retries (Stripe: 3 days) and longer than the signature tolerance: a replayed delivery is then
     * either stale or a duplicate, and an older event never finds its object forgotten.
     *
     * @param retention a positive duration of at most 3650 days
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public B retention(Duration retention) {
        this.retention = Checks.positiveAtMost(retention, "retention", Duration.ofDays(3650));
        return self();
    }

    /**
     * The most entries (keys or objects) held at once (default 1,000,000).
     *
     * @param maxEntries at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public B maxEntries(int maxEntries) {
        this.maxEntries = Checks.atLeastOne(maxEntries, "maxEntries");
        return self();
    }
}
