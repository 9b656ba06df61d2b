package com.example.merchant;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A store as a merchant would write one, outside payhooks: a map behind one lock. With
 * {@link Defect#NONE} it is correct; every other defect is one deliberate bug, for the negative
 * controls that prove the contract catches it.
 */
final class MapIdempotencyStore implements IdempotencyStore {

    /** One deliberate bug each. */
    enum Defect {
        NONE,
        /** A claim always wins, even while another owner's lease runs. */
        NO_IN_PROGRESS,
        /** complete and release accept any token: a stale owner is not fenced. */
        UNFENCED,
        /** A lease never expires: a crashed worker's claim is never taken over. */
        LEASES_NEVER_EXPIRE,
        /** Completed keys are never forgotten. */
        KEEPS_FOREVER,
        /** Keys by event id only: the same id from two providers or tenants collides. */
        EVENT_ID_ONLY,
        /** Keys by provider|tenant|id joined into one string: separators in the parts collide. */
        JOINED_KEY
    }

    private record Entry(ClaimToken token, Instant leaseExpiresAt, Instant completedAt) {
    }

    private final Map<Object, Entry> entries = new HashMap<>();
    private final Clock clock;
    private final Duration retention;
    private final Defect defect;

    MapIdempotencyStore(Clock clock, Duration retention, Defect defect) {
        this.clock = clock;
        this.retention = retention;
        this.defect = defect;
    }

    private Object mapKey(IdempotencyKey key) {
        return switch (defect) {
            case EVENT_ID_ONLY -> key.key();
            case JOINED_KEY -> key.provider() + "|" + key.tenant() + "|" + key.key();
            default -> key;
        };
    }

    @Override
    public synchronized ClaimResult claim(IdempotencyKey key, Duration lease) {
        Instant now = clock.instant();
        Entry entry = entries.get(mapKey(key));
        if (entry != null && entry.completedAt() != null) {
            boolean forgotten = defect != Defect.KEEPS_FOREVER && !now.isBefore(entry.completedAt().plus(retention));
            if (!forgotten) {
                return new ClaimResult.Completed(entry.completedAt());
            }
        } else if (entry != null && defect != Defect.NO_IN_PROGRESS
                && (defect == Defect.LEASES_NEVER_EXPIRE || now.isBefore(entry.leaseExpiresAt()))) {
            return new ClaimResult.InProgress(entry.leaseExpiresAt());
        }
        ClaimToken token = ClaimToken.random();
        entries.put(mapKey(key), new Entry(token, now.plus(lease), null));
        return new ClaimResult.Claimed(token);
    }

    @Override
    public synchronized boolean complete(IdempotencyKey key, ClaimToken token) {
        Entry entry = owned(key, token);
        if (entry == null) {
            return false;
        }
        entries.put(mapKey(key), new Entry(entry.token(), entry.leaseExpiresAt(), clock.instant()));
        return true;
    }

    @Override
    public synchronized boolean release(IdempotencyKey key, ClaimToken token) {
        if (owned(key, token) == null) {
            return false;
        }
        entries.remove(mapKey(key));
        return true;
    }

    /** The entry if it is claimed, not completed, and (unless unfenced) by this token. */
    private Entry owned(IdempotencyKey key, ClaimToken token) {
        Entry entry = entries.get(mapKey(key));
        if (entry == null || entry.completedAt() != null) {
            return null;
        }
        return defect == Defect.UNFENCED || entry.token().equals(token) ? entry : null;
    }
}
