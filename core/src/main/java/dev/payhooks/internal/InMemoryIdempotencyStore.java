package dev.payhooks.internal;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A thread-safe, bounded {@link IdempotencyStore} in this process's memory, with lease expiry and
 * a retention for completed keys. Suitable for a single application instance and for tests; its
 * state is lost on restart (after which a redelivery runs the handler again).
 *
 * <p>Bounded: when {@code maxEntries} keys are held, expired entries are dropped first, then the
 * oldest completed ones (a warning-worthy situation: raise the bound or shorten the retention).
 * If every entry is an unexpired claim, new claims fail with {@link WebhookUnavailableException}
 * (503) rather than forgetting work in progress.
 *
 * <pre>{@code
 * IdempotencyStore store = IdempotencyStore.inMemoryBuilder()
 *         .retention(Duration.ofDays(7)).maxEntries(100_000).build();
 * }</pre>
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final Clock clock;
    private final Duration retention;
    private final int maxEntries;
    /** Insertion-ordered so the oldest entries are found first when the bound is reached. */
    private final LinkedHashMap<IdempotencyKey, Entry> entries = new LinkedHashMap<>();

    /**
     * A store; built through {@link IdempotencyStore#inMemoryBuilder()}, which validates the options.
     *
     * @param clock the clock leases and retention are measured with
     * @param retention how long completed keys are remembered
     * @param maxEntries the most keys held at once
     */
    public InMemoryIdempotencyStore(Clock clock, Duration retention, int maxEntries) {
        this.clock = clock;
        this.retention = retention;
        this.maxEntries = maxEntries;
    }

    @Override
    public ClaimResult claim(IdempotencyKey key, Duration lease) {
        Objects.requireNonNull(key, "key");
        Checks.positive(lease, "lease");
        if (lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("a lease must be at most one day, was " + lease);
        }
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null) {
                if (entry.completedAt != null) {
                    if (now.isBefore(entry.completedAt.plus(retention))) {
                        return new ClaimResult.Completed(entry.completedAt);
                    }
                } else if (now.isBefore(entry.leaseExpiresAt)) {
                    return new ClaimResult.InProgress(entry.leaseExpiresAt);
                }
                // Expired lease or retention: take over. Remove first so the new entry is the newest.
                entries.remove(key);
            } else if (entries.size() >= maxEntries) {
                makeRoom(now);
            }
            ClaimToken token = ClaimToken.random();
            entries.put(key, new Entry(token, now.plus(lease), null));
            return new ClaimResult.Claimed(token);
        }
    }

    @Override
    public boolean complete(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null || entry.completedAt != null || !entry.token.equals(token)) {
                return false;
            }
            entries.put(key, new Entry(token, entry.leaseExpiresAt, now));
            return true;
        }
    }

    @Override
    public boolean release(IdempotencyKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null || entry.completedAt != null || !entry.token.equals(token)) {
                return false;
            }
            entries.remove(key);
            return true;
        }
    }

    /**
     * Drops every expired entry (completed beyond the retention, or claimed beyond the lease).
     * Claims also clean up when the bound is reached; call this periodically to free memory sooner.
     *
     * @return how many entries were dropped
     */
    @Override
    public long purgeExpired() {
        Instant now = clock.instant();
        synchronized (entries) {
            int before = entries.size();
            entries.values().removeIf(entry -> entry.isExpired(now, retention));
            return before - entries.size();
        }
    }

    /**
     * The number of keys held (claimed or completed).
     *
     * @return the size
     */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(entry -> entry.isExpired(now, retention));
        Iterator<Map.Entry<IdempotencyKey, Entry>> oldest = entries.entrySet().iterator();
        while (entries.size() >= maxEntries && oldest.hasNext()) {
            if (oldest.next().getValue().completedAt != null) {
                oldest.remove();
            }
        }
        if (entries.size() >= maxEntries) {
            throw new WebhookUnavailableException("the in-memory idempotency store holds " + maxEntries
                    + " unexpired claims; raise maxEntries or use a shared store", null);
        }
    }

    @Override
    public String toString() {
        return "InMemoryIdempotencyStore[retention=" + retention + ", maxEntries=" + maxEntries + "]";
    }

    private record Entry(ClaimToken token, Instant leaseExpiresAt, Instant completedAt) {
        boolean isExpired(Instant now, Duration retention) {
            return completedAt != null ? !now.isBefore(completedAt.plus(retention)) : !now.isBefore(leaseExpiresAt);
        }
    }
}
