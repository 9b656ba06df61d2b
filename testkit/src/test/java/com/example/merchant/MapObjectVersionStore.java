package com.example.merchant;

import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A merchant's own version store on a map, written only against the published SPI, with switchable
 * defects for the contract's negative controls.
 */
final class MapObjectVersionStore implements ObjectVersionStore {

    enum Defect {
        NONE,
        /** Never holds an object: two events of one object run at once. */
        NO_HOLD,
        /** Advance overwrites whatever is stored, older or not (read-then-write thinking). */
        OVERWRITES,
        /** Same-second events count as newer: last arrival wins. */
        NO_TIES,
        /** Release ends any hold, whoever asks. */
        UNFENCED,
        /** Never forgets. */
        KEEPS_FOREVER
    }

    private final Clock clock;
    private final Duration retention;
    private final Defect defect;
    private final Map<ObjectKey, Entry> entries = new HashMap<>();

    MapObjectVersionStore(Clock clock, Duration retention, Defect defect) {
        this.clock = clock;
        this.retention = retention;
        this.defect = defect;
    }

    private static final class Entry {
        ObjectVersion version;
        Instant advancedAt;
        ClaimToken holder;
        Instant heldUntil;
    }

    @Override
    public synchronized VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
        Instant now = clock.instant();
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        if (entry.version != null && defect != Defect.KEEPS_FOREVER && !now.isBefore(entry.advancedAt.plus(retention))) {
            entry.version = null;
        }
        boolean tie = false;
        if (entry.version != null) {
            ObjectVersion.Relation relation = version.compareTo(entry.version);
            if (defect == Defect.NO_TIES && relation == ObjectVersion.Relation.TIE) {
                relation = ObjectVersion.Relation.NEWER;
            }
            if (relation == ObjectVersion.Relation.OLDER || relation == ObjectVersion.Relation.SAME) {
                return new VersionClaim.Older(entry.version);
            }
            tie = relation == ObjectVersion.Relation.TIE;
        }
        if (defect != Defect.NO_HOLD && entry.holder != null && now.isBefore(entry.heldUntil)) {
            return new VersionClaim.Busy();
        }
        entry.holder = ClaimToken.random();
        entry.heldUntil = now.plus(lease);
        return new VersionClaim.Claimed(entry.holder, tie, Optional.ofNullable(entry.version));
    }

    @Override
    public synchronized boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        if (defect == Defect.OVERWRITES || entry.version == null
                || version.compareTo(entry.version) == ObjectVersion.Relation.NEWER) {
            entry.version = version;
            entry.advancedAt = clock.instant();
        }
        return release(key, token);
    }

    @Override
    public synchronized boolean release(ObjectKey key, ClaimToken token) {
        Entry entry = entries.get(key);
        if (entry == null || entry.holder == null || (defect != Defect.UNFENCED && !token.equals(entry.holder))) {
            return false;
        }
        entry.holder = null;
        return true;
    }

    @Override
    public synchronized Optional<ObjectVersion> current(ObjectKey key) {
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.version);
    }
}
