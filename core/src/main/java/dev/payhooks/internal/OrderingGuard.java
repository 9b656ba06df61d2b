package dev.payhooks.internal;

import dev.payhooks.Event;
import dev.payhooks.ObjectRef;
import dev.payhooks.ObjectRefetcher;
import dev.payhooks.Ordering;
import dev.payhooks.OrderingPolicy;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordering guard of one receiver ({@link Ordering}), kept out of the receiver and the inbox
 * worker so both call it the same way: {@link #admit} before the handlers, then
 * {@link Pass#succeeded()} or {@link Pass#failed()}. Thread-safe.
 */
public final class OrderingGuard {

    private static final Logger log = LoggerFactory.getLogger(OrderingGuard.class);
    /** Event types already reported as not ordered; bounded so a sender cannot grow it. */
    private static final int MAX_REPORTED_TYPES = 256;

    private final Ordering ordering;
    private final ObjectVersionStore store;
    private final Set<String> reportedUnordered = ConcurrentHashMap.newKeySet();

    /**
     * @param ordering the configuration
     */
    public OrderingGuard(Ordering ordering) {
        this.ordering = ordering;
        this.store = ordering.store();
    }

    /**
     * Decides what happens to an event before its handlers run.
     *
     * @param event the decoded, deduplicated event
     * @return what to do
     * @throws WebhookUnavailableException when the store or the refetcher is unavailable (nothing held)
     */
    public Pass admit(Event event) {
        Optional<ObjectKey> key = ObjectKey.of(event);
        Optional<ObjectVersion> version = ObjectVersion.of(event);
        if (key.isEmpty() || version.isEmpty()) {
            if (reportedUnordered.size() < MAX_REPORTED_TYPES && reportedUnordered.add(event.type())) {
                log.info("payhooks {}: events of type {} name no {}; the ordering guard does not apply to them",
                        event.provider(), LogText.escape(event.type()), key.isEmpty() ? "object" : "creation time");
            }
            return new Pass(this, Kind.RUN, event, null, null, null, null);
        }
        ObjectKey k = key.get();
        ObjectVersion v = version.get();
        VersionClaim claim = store.claim(k, v, ordering.lease());
        if (claim instanceof VersionClaim.Busy) {
            return new Pass(this, Kind.BUSY, event, null, null, null,
                    "another event of " + describe(k) + " is being handled; the provider delivers this one again later");
        }
        if (claim instanceof VersionClaim.Older older) {
            ObjectVersion stored = older.stored();
            String why = (v.eventId().equals(stored.eventId()) ? "it is the newest event already handled for "
                    : "it is older than event " + stored.eventId() + " (created " + stored.created() + ") already handled for ")
                    + describe(k) + " (this one created " + v.created() + ")";
            switch (ordering.whenOlder()) {
                case SKIP:
                    return new Pass(this, Kind.STALE, event, null, null, null, "stale: " + why);
                case RUN_FLAGGED:
                    log.debug("payhooks {}: event {} is stale ({}); handlers run with isStale()", event.provider(),
                            LogText.escape(event.id()), LogText.escape(why));
                    return new Pass(this, Kind.RUN, CoreAccess.event().withOrderingVerdict(event, true, false, null),
                            null, null, null, null);
                default:
                    Object current = refetch(event, k, null);
                    return new Pass(this, Kind.RUN, CoreAccess.event().withOrderingVerdict(event, true, false, current),
                            null, null, null, null);
            }
        }
        VersionClaim.Claimed claimed = (VersionClaim.Claimed) claim;
        Event handled = event;
        if (claimed.tie()) {
            boolean refetch = ordering.whenTied() == OrderingPolicy.REFETCH;
            Object current = refetch ? refetch(event, k, claimed.token()) : null;
            log.debug("payhooks {}: event {} was created in the same second as event {} of {}; handlers run with isTie(){}",
                    event.provider(), LogText.escape(event.id()), LogText.escape(claimed.stored().orElseThrow().eventId()),
                    LogText.escape(describe(k)), refetch ? " and the refetched object" : "");
            handled = CoreAccess.event().withOrderingVerdict(event, false, true, current);
        }
        return new Pass(this, Kind.RUN, handled, k, v, claimed.token(), null);
    }

    private Object refetch(Event event, ObjectKey key, ClaimToken heldBy) {
        ObjectRefetcher refetcher = ordering.refetcher().orElseThrow();
        Object current;
        try {
            current = refetcher.fetch(event, new ObjectRef(key.objectType(), key.objectId()));
        } catch (RuntimeException e) {
            releaseQuietly(key, heldBy);
            throw new WebhookUnavailableException("the ordering guard's refetcher threw " + e.getClass().getName()
                    + " for " + describe(key) + "; answering 503 so the provider delivers the event again", e);
        }
        if (current == null) {
            releaseQuietly(key, heldBy);
            throw new WebhookUnavailableException("the ordering guard's refetcher returned null for " + describe(key)
                    + "; it must return the object's current state or throw", null);
        }
        return current;
    }

    private void releaseQuietly(ObjectKey key, ClaimToken token) {
        if (key == null || token == null) {
            return;
        }
        try {
            store.release(key, token);
        } catch (RuntimeException e) {
            log.warn("payhooks {}: could not release the ordering hold on {}; other events of it wait for the lease of {}",
                    key.provider(), LogText.escape(describe(key)), ordering.lease(), e);
        }
    }

    private static String describe(ObjectKey key) {
        return key.objectType() + " " + key.objectId() + (key.tenant().isEmpty() ? "" : " of tenant " + key.tenant());
    }

    /** What {@link #admit} decided. */
    public enum Kind {
        /** Run the handlers with {@link Pass#event()}. */
        RUN,
        /** Skip the handlers and answer STALE. */
        STALE,
        /** Another event of the object holds it: answer IN_PROGRESS (or retry the inbox row later). */
        BUSY
    }

    /** One admitted event. Not thread-safe: used by the thread that handles the event. */
    public static final class Pass {
        private final OrderingGuard guard;
        private final Kind kind;
        private final Event event;
        private final ObjectKey key;
        private final ObjectVersion version;
        private final ClaimToken token;
        private final String detail;

        private Pass(OrderingGuard guard, Kind kind, Event event, ObjectKey key, ObjectVersion version,
                     ClaimToken token, String detail) {
            this.guard = guard;
            this.kind = kind;
            this.event = event;
            this.key = key;
            this.version = version;
            this.token = token;
            this.detail = detail;
        }

        /**
         * A pass for a receiver without a guard.
         *
         * @param event the event
         * @return a pass that runs the event and records nothing
         */
        public static Pass unguarded(Event event) {
            return new Pass(null, Kind.RUN, event, null, null, null, null);
        }

        /** @return what to do */
        public Kind kind() {
            return kind;
        }

        /** @return the event for the handlers, with the guard's flags */
        public Event event() {
            return event;
        }

        /** @return why the event is stale or waits; {@code null} for {@link Kind#RUN} */
        public String detail() {
            return detail;
        }

        /**
         * The handlers succeeded: advance the stored version and end the hold. A store failure is
         * logged, not thrown: the handlers ran, and the version advances with the next newer event.
         */
        public void succeeded() {
            if (token == null) {
                return;
            }
            try {
                if (!guard.store.advance(key, version, token)) {
                    log.warn("payhooks {}: the ordering hold on {} expired while event {} was handled; lengthen the"
                            + " ordering lease (now {})", key.provider(), LogText.escape(describe(key)),
                            LogText.escape(version.eventId()), guard.ordering.lease());
                }
            } catch (RuntimeException e) {
                log.warn("payhooks {}: event {} was handled but the ordering store could not record it for {}; an older"
                        + " event of it may still run until a newer one is recorded", key.provider(),
                        LogText.escape(version.eventId()), LogText.escape(describe(key)), e);
            }
        }

        /** A handler failed: end the hold and leave the stored version as it was. */
        public void failed() {
            if (guard != null) {
                guard.releaseQuietly(key, token);
            }
        }
    }
}
