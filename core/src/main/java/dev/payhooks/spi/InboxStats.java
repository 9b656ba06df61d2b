package dev.payhooks.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many rows an {@link Inbox} holds in each unfinished state, and since when the oldest pending
 * row has waited: what an operator needs to see how far behind the workers are. A snapshot taken
 * by {@link Inbox#stats()}; immutable.
 *
 * @since 0.1.0
 */
public final class InboxStats {

    private final long pending;
    private final long running;
    private final long dead;
    private final Instant oldestPendingReceivedAt;

    private InboxStats(long pending, long running, long dead, Instant oldestPendingReceivedAt) {
        if (pending < 0 || running < 0 || dead < 0) {
            throw new IllegalArgumentException("row counts cannot be negative, were pending=" + pending
                    + ", running=" + running + ", dead=" + dead);
        }
        if ((pending == 0) != (oldestPendingReceivedAt == null)) {
            throw new IllegalArgumentException("give the oldest pending row's arrival exactly when there are pending rows"
                    + " (pending=" + pending + ")");
        }
        this.pending = pending;
        this.running = running;
        this.dead = dead;
        this.oldestPendingReceivedAt = oldestPendingReceivedAt;
    }

    /**
     * Counts for an inbox without pending rows.
     *
     * @param running rows claimed by a worker, at least 0
     * @param dead rows whose every attempt failed, at least 0
     * @return the snapshot
     */
    public static InboxStats withoutPending(long running, long dead) {
        return new InboxStats(0, running, dead, null);
    }

    /**
     * Counts for an inbox with pending rows.
     *
     * @param pending rows waiting for an attempt (new, or scheduled for a retry), at least 1
     * @param running rows claimed by a worker, at least 0
     * @param dead rows whose every attempt failed, at least 0
     * @param oldestPendingReceivedAt when the longest-waiting pending row was stored
     * @return the snapshot
     * @throws IllegalArgumentException when a count is negative or {@code pending} is 0
     */
    public static InboxStats of(long pending, long running, long dead, Instant oldestPendingReceivedAt) {
        return new InboxStats(pending, running, dead, Objects.requireNonNull(oldestPendingReceivedAt, "oldestPendingReceivedAt"));
    }

    /**
     * Rows waiting for an attempt: stored and not yet claimed, or scheduled for a retry.
     *
     * @return the count
     */
    public long pending() {
        return pending;
    }

    /**
     * Rows claimed by a worker (including ones whose lease has expired and that wait to be
     * claimed again).
     *
     * @return the count
     */
    public long running() {
        return running;
    }

    /**
     * Rows whose every attempt failed; they wait for a human and a replay.
     *
     * @return the count
     */
    public long dead() {
        return dead;
    }

    /**
     * When the longest-waiting pending row was stored (its {@link InboxMessage#receivedAt()}).
     *
     * @return the instant, or empty when nothing is pending
     */
    public Optional<Instant> oldestPendingReceivedAt() {
        return Optional.ofNullable(oldestPendingReceivedAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InboxStats that && pending == that.pending && running == that.running && dead == that.dead
                && Objects.equals(oldestPendingReceivedAt, that.oldestPendingReceivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pending, running, dead, oldestPendingReceivedAt);
    }

    @Override
    public String toString() {
        return "InboxStats[pending=" + pending + ", running=" + running + ", dead=" + dead
                + (oldestPendingReceivedAt == null ? "" : ", oldestPendingReceivedAt=" + oldestPendingReceivedAt) + "]";
    }
}
