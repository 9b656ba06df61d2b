package dev.payhooks.internal;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread-safe, bounded {@link ObjectVersionStore} in this process's memory. One lock guards the
 * map, so every operation is one atomic step. Objects are kept in the order they were last
 * advanced (or first seen), so the bound forgets the least recently advanced one first.
 */
public final class InMemoryObjectVersionStore implements ObjectVersionStore {

    private final Clock clock;
    private final Duration retention;
    private final int maxEntries;
    private final LinkedHashMap<ObjectKey, Entry> entries = new LinkedHashMap<>();

    /**
     * A store; built through {@link ObjectVersionStore#inMemoryBuilder()}, which validates the options.
     *
     * @param clock the clock holds and retention are measured with
     * @param retention how long a version is kept after its last advance
     * @param maxEntries the most objects held at once
     */
    public InMemoryObjectVersionStore(Clock clock, Duration retention, int maxEntries) {
        this.clock = clock;
        this.retention = retention;
        this.maxEntries = maxEntries;
    }

    @Override
    public VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Checks.positiveAtMost(lease, "lease", Duration.ofDays(1));
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && entry.version == null && !entry.heldAt(now)) {
                entries.remove(key); // an expired hold on an object never advanced: as if unseen
                entry = null;
            } else if (entry != null && entry.version != null && !entry.heldAt(now)
                    && !now.isBefore(entry.advancedAt.plus(retention))) {
                entries.remove(key); // retention passed: forgotten, as purgeExpired would
                entry = null;
            }
            if (entry == null) {
                if (entries.size() >= maxEntries) {
                    makeRoom(now);
                }
                entry = new Entry();
                entries.put(key, entry);
            }
            boolean tie = false;
            if (entry.version != null) {
                ObjectVersion.Relation relation = version.compareTo(entry.version);
                if (relation == ObjectVersion.Relation.OLDER || relation == ObjectVersion.Relation.SAME) {
                    return new VersionClaim.Older(entry.version);
                }
                tie = relation == ObjectVersion.Relation.TIE;
            }
            if (entry.heldAt(now)) {
                return new VersionClaim.Busy();
            }
            entry.holder = ClaimToken.random();
            entry.heldUntil = now.plus(lease);
            return new VersionClaim.Claimed(entry.holder, tie, Optional.ofNullable(entry.version));
        }
    }

    @Override
    public boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(token, "token");
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                // Forgotten while the handlers ran (the bound, or a purge): remember the handled version.
                if (entries.size() >= maxEntries) {
                    makeRoom(now);
                }
                entry = new Entry();
                entries.put(key, entry);
            }
            if (entry.version == null || version.compareTo(entry.version) == ObjectVersion.Relation.NEWER) {
                entry.version = version;
                entry.advancedAt = now;
                entries.remove(key);
                entries.put(key, entry);
            }
            boolean held = token.equals(entry.holder);
            if (held) {
                entry.holder = null;
                entry.heldUntil = null;
            }
            return held;
        }
    }

    @Override
    public boolean release(ObjectKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null || !token.equals(entry.holder)) {
                return false;
            }
            if (entry.version == null) {
                entries.remove(key);
            } else {
                entry.holder = null;
                entry.heldUntil = null;
            }
            return true;
        }
    }

    @Override
    public Optional<ObjectVersion> current(ObjectKey key) {
        Objects.requireNonNull(key, "key");
        synchronized (entries) {
            Entry entry = entries.get(key);
            return entry == null ? Optional.empty() : Optional.ofNullable(entry.version);
        }
    }

    @Override
    public long purgeExpired() {
        Instant now = clock.instant();
        long purged = 0;
        synchronized (entries) {
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.expiredAt(now, retention)) {
                    it.remove();
                    purged++;
                }
            }
        }
        return purged;
    }

    /** Called with the lock held and the map full. */
    private void makeRoom(Instant now) {
        for (Iterator<Map.Entry<ObjectKey, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().expiredAt(now, retention)) {
                it.remove();
            }
        }
        if (entries.size() < maxEntries) {
            return;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (!it.next().heldAt(now)) {
                it.remove();
                return;
            }
        }
        throw new WebhookUnavailableException("the in-memory object version store holds " + maxEntries
                + " objects, each being handled now; raise maxEntries or use a shared store", null);
    }

    private static final class Entry {
        ObjectVersion version;
        Instant advancedAt;
        ClaimToken holder;
        Instant heldUntil;

        boolean heldAt(Instant now) {
            return holder != null && now.isBefore(heldUntil);
        }

        boolean expiredAt(Instant now, Duration retention) {
            return !heldAt(now) && (version == null || !now.isBefore(advancedAt.plus(retention)));
        }
    }
}
