package dev.payhooks;

/**
 * What the ordering guard ({@link Ordering}) does with an event that is not newer than the newest
 * event already handled for its object: one policy for older events
 * ({@link Ordering.Builder#whenOlder}) and one for same-second ties ({@link Ordering.Builder#whenTied}).
 *
 * @since 0.1.0
 */
public enum OrderingPolicy {
    /**
     * No handler runs; the delivery is answered {@link Outcome#STALE} (200, so the provider stops
     * retrying) and the reason is in {@link WebhookResponse#detail()} and the DEBUG log. Only for
     * older events: a tie cannot be skipped (one of two same-second events would be lost).
     */
    SKIP,
    /**
     * The handlers run with {@link Event#isStale()} (older) or {@link Event#isTie()} (tie) set,
     * for handlers that merge rather than overwrite.
     */
    RUN_FLAGGED,
    /**
     * The {@link ObjectRefetcher} fetches the object's current state from the provider and the
     * handlers run with it in {@link Event#refetched(Class)} (and the flag set as for
     * {@link #RUN_FLAGGED}). Needs {@link Ordering.Builder#refetcher}.
     */
    REFETCH
}
