package dev.payhooks.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ObjectVersionStore#claim} decided for one event of an object.
 *
 * @since 0.1.0
 */
public sealed interface VersionClaim {

    /**
     * The event is newer than every event handled for the object, or ties with the newest: the
     * caller holds the object until it {@link ObjectVersionStore#advance advances} or
     * {@link ObjectVersionStore#release releases} it (or the lease passes).
     *
     * @param token proof of the claim
     * @param tie whether the event ties with the stored version ({@link ObjectVersion.Relation#TIE})
     * @param stored the newest version handled so far, or empty for an object not seen before
     *
     * @since 0.1.0
     */
    record Claimed(ClaimToken token, boolean tie, Optional<ObjectVersion> stored) implements VersionClaim {
        /**
         * Validates.
         *
         * @param token proof of the claim
         * @param tie whether the event ties with the stored version
         * @param stored the stored version, or empty
         */
        public Claimed {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(stored, "stored");
            if (tie && stored.isEmpty()) {
                throw new IllegalArgumentException("a tie needs a stored version to tie with");
            }
        }
    }

    /**
     * The event is older than the stored version, or is the event the stored version came from
     * ({@link ObjectVersion.Relation#OLDER} or {@link ObjectVersion.Relation#SAME}). Nothing was
     * claimed.
     *
     * @param stored the newest version handled so far
     *
     * @since 0.1.0
     */
    record Older(ObjectVersion stored) implements VersionClaim {
        /**
         * Validates.
         *
         * @param stored the stored version
         */
        public Older {
            Objects.requireNonNull(stored, "stored");
        }
    }

    /**
     * Another event of the object is being handled (its claim has not expired): try again later.
     * Nothing was claimed.
     *
     * @since 0.1.0
     */
    record Busy() implements VersionClaim {
    }
}
