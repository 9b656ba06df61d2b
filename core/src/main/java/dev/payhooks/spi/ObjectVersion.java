package dev.payhooks.spi;

import dev.payhooks.Event;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An event's position in its object's history: when the provider created the event, an optional
 * tie-breaker from the payload (a version or sequence number, for providers that have one), and
 * the event id. {@link #compareTo(ObjectVersion)} is the one ordering rule every
 * {@link ObjectVersionStore} applies.
 *
 * <p>Provider timestamps have one-second resolution (Stripe's {@code created}): two events of one
 * object within a second are a {@link Relation#TIE} unless both carry a sequence; they are never
 * ordered by arrival.
 *
 * @param created when the provider created the event; stored to the millisecond
 * @param sequence the tie-breaker, when the provider has one
 * @param eventId the event id, to recognise the same event delivered again
 *
 * @since 0.1.0
 */
public record ObjectVersion(Instant created, OptionalLong sequence, String eventId) {

    /**
     * How an event's version relates to the stored one.
     *
     * @since 0.1.0
     */
    public enum Relation {
        /** Later than the stored version: handle it and advance. */
        NEWER,
        /** Earlier than the stored version: stale. */
        OLDER,
        /** The same instant (and sequence, or no sequence on one side) but another event: a tie. */
        TIE,
        /** The very event the stored version came from, delivered again. */
        SAME
    }

    /**
     * Validates; truncates {@code created} to milliseconds, the resolution stores keep.
     *
     * @param created when the provider created the event
     * @param sequence the tie-breaker, or empty
     * @param eventId the event id, not empty
     */
    public ObjectVersion {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(sequence, "sequence (use OptionalLong.empty() for none)");
        Objects.requireNonNull(eventId, "eventId");
        if (eventId.isEmpty()) {
            throw new IllegalArgumentException("an object version needs a non-empty event id");
        }
        created = Instant.ofEpochMilli(created.toEpochMilli());
    }

    /**
     * The version of an event.
     *
     * @param event the event
     * @return its version, or empty when the event has no {@link Event#created()} time
     */
    public static Optional<ObjectVersion> of(Event event) {
        return event.created().map(c -> new ObjectVersion(c, event.orderingSequence(), event.id()));
    }

    /**
     * {@link #created()} in milliseconds since the epoch, as stores keep it.
     *
     * @return the milliseconds
     */
    public long createdMillis() {
        return created.toEpochMilli();
    }

    /**
     * How this version relates to a stored one.
     *
     * @param stored the newest version handled so far
     * @return newer, older, tie or same
     */
    public Relation compareTo(ObjectVersion stored) {
        Objects.requireNonNull(stored, "stored");
        int byTime = Long.compare(createdMillis(), stored.createdMillis());
        if (byTime != 0) {
            return byTime > 0 ? Relation.NEWER : Relation.OLDER;
        }
        if (sequence.isPresent() && stored.sequence.isPresent()) {
            int bySequence = Long.compare(sequence.getAsLong(), stored.sequence.getAsLong());
            if (bySequence != 0) {
                return bySequence > 0 ? Relation.NEWER : Relation.OLDER;
            }
        }
        return eventId.equals(stored.eventId) ? Relation.SAME : Relation.TIE;
    }
}
