package dev.payhooks.internal;

import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link Inbox} in this process's memory: for tests and single-process development. Its rows
 * are lost when the process stops, which is exactly what a durable inbox exists to prevent; use
 * the JDBC inbox in production. Thread-safe; time comes from the injected clock.
 */
public final class InMemoryInbox implements Inbox {

    private final Clock clock;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<IdempotencyKey, String> idsByKey = new HashMap<>();
    private long nextId = 1;

    /**
     * An inbox on the system clock.
     */
    public InMemoryInbox() {
        this(Clock.systemUTC());
    }

    /**
     * An inbox on the given clock.
     *
     * @param clock the clock for due times, leases and retention
     */
    public InMemoryInbox(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean store(InboxMessage message) {
        IdempotencyKey key = new IdempotencyKey(message.provider(), message.tenant(), message.idempotencyKey());
        if (idsByKey.containsKey(key)) {
            return false;
        }
        String id = Long.toString(nextId++);
        Instant now = clock.instant();
        rows.put(id, new Row(message.toBuilder().id(id).status(InboxMessage.Status.PENDING).attempts(0)
                .lastError(null).claimToken(null).build(), now, null, null));
        idsByKey.put(key, id);
        return true;
    }

    @Override
    public synchronized List<InboxMessage> claimDue(int max, Duration lease) {
        Checks.atLeastOne(max, "max");
        Objects.requireNonNull(lease, "lease");
        Instant now = clock.instant();
        List<InboxMessage> claimed = new ArrayList<>();
        for (Map.Entry<String, Row> entry : rows.entrySet()) {
            if (claimed.size() >= max) {
                break;
            }
            Row row = entry.getValue();
            InboxMessage.Status status = row.message.status();
            boolean due = status == InboxMessage.Status.PENDING && !now.isBefore(row.dueAt)
                    || status == InboxMessage.Status.RUNNING && !now.isBefore(row.leaseExpiresAt);
            if (due) {
                InboxMessage running = row.message.toBuilder().status(InboxMessage.Status.RUNNING)
                        .attempts(row.message.attempts() + 1).claimToken(ClaimToken.random()).build();
                entry.setValue(new Row(running, row.dueAt, now.plus(lease), null));
                claimed.add(running);
            }
        }
        return claimed;
    }

    @Override
    public synchronized boolean markDone(InboxMessage message) {
        return transition(message, InboxMessage.Status.DONE, null, null);
    }

    @Override
    public synchronized boolean markRetry(InboxMessage message, Duration delay, String error) {
        return transition(message, InboxMessage.Status.PENDING, clock.instant().plus(delay), error);
    }

    @Override
    public synchronized boolean markDead(InboxMessage message, String error) {
        return transition(message, InboxMessage.Status.DEAD, null, error);
    }

    @Override
    public synchronized boolean release(InboxMessage message) {
        Row row = owned(message);
        if (row == null) {
            return false;
        }
        InboxMessage released = row.message.toBuilder().status(InboxMessage.Status.PENDING)
                .attempts(Math.max(0, row.message.attempts() - 1)).claimToken(null).build();
        rows.put(message.id(), new Row(released, clock.instant(), null, null));
        return true;
    }

    @Override
    public synchronized List<InboxMessage> listDead(int limit) {
        List<InboxMessage> dead = new ArrayList<>();
        for (Row row : rows.values()) {
            if (dead.size() >= limit) {
                break;
            }
            if (row.message.status() == InboxMessage.Status.DEAD) {
                dead.add(row.message);
            }
        }
        return dead;
    }

    @Override
    public synchronized boolean replayDeadWithoutReverifying(String id) {
        Row row = rows.get(id);
        if (row == null || row.message.status() != InboxMessage.Status.DEAD) {
            return false;
        }
        rows.put(id, new Row(row.message.toBuilder().status(InboxMessage.Status.PENDING).attempts(0).build(),
                clock.instant(), null, null));
        return true;
    }

    @Override
    public synchronized int replayAllDeadWithoutReverifying() {
        int replayed = 0;
        for (String id : List.copyOf(rows.keySet())) {
            if (replayDeadWithoutReverifying(id)) {
                replayed++;
            }
        }
        return replayed;
    }

    @Override
    public synchronized int purgeDone(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        int purged = 0;
        for (var iterator = rows.entrySet().iterator(); iterator.hasNext(); ) {
            Row row = iterator.next().getValue();
            if (row.message.status() == InboxMessage.Status.DONE && row.completedAt.isBefore(cutoff)) {
                iterator.remove();
                idsByKey.remove(new IdempotencyKey(row.message.provider(), row.message.tenant(), row.message.idempotencyKey()));
                purged++;
            }
        }
        return purged;
    }

    @Override
    public synchronized Optional<InboxStats> stats() {
        long pending = 0;
        long running = 0;
        long dead = 0;
        Instant oldestPending = null;
        for (Row row : rows.values()) {
            switch (row.message.status()) {
                case PENDING -> {
                    pending++;
                    Instant received = row.message.receivedAt();
                    if (oldestPending == null || received.isBefore(oldestPending)) {
                        oldestPending = received;
                    }
                }
                case RUNNING -> running++;
                case DEAD -> dead++;
                case DONE -> {
                }
            }
        }
        return Optional.of(pending == 0 ? InboxStats.withoutPending(running, dead)
                : InboxStats.of(pending, running, dead, oldestPending));
    }

    /**
     * Every row, for tests and diagnostics.
     *
     * @return a snapshot of all rows in storage order
     */
    public synchronized List<InboxMessage> all() {
        List<InboxMessage> all = new ArrayList<>();
        rows.values().forEach(row -> all.add(row.message));
        return all;
    }

    private boolean transition(InboxMessage message, InboxMessage.Status status, Instant dueAt, String error) {
        Row row = owned(message);
        if (row == null) {
            return false;
        }
        InboxMessage changed = row.message.toBuilder().status(status).claimToken(null)
                .lastError(error == null ? row.message.lastError().orElse(null) : error).build();
        Instant now = clock.instant();
        rows.put(message.id(), new Row(changed, dueAt == null ? row.dueAt : dueAt, null,
                status == InboxMessage.Status.DONE ? now : null));
        return true;
    }

    private Row owned(InboxMessage message) {
        Row row = rows.get(message.id());
        if (row == null || row.message.status() != InboxMessage.Status.RUNNING
                || message.claimToken().isEmpty() || !message.claimToken().equals(row.message.claimToken())) {
            return null;
        }
        return row;
    }

    @Override
    public String toString() {
        return "InMemoryInbox[rows=" + rows.size() + "]";
    }

    private record Row(InboxMessage message, Instant dueAt, Instant leaseExpiresAt, Instant completedAt) {
    }
}
