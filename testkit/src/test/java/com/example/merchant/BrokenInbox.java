package com.example.merchant;

import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An inbox with one deliberate bug, built around a correct one, for the negative controls. */
final class BrokenInbox implements Inbox {

    /** One deliberate bug each. */
    enum Defect {
        /** store answers "new" for a delivery it already has. */
        REPORTS_DUPLICATES_AS_NEW,
        /** Claimed messages come back without their headers. */
        DROPS_HEADERS,
        /** A stale worker's mark or release is reported as done. */
        UNFENCED_ANSWERS,
        /** A claim takes one row more than asked (a re-run locking sub-select). */
        CLAIMS_ONE_MORE
    }

    private final Inbox delegate;
    private final Defect defect;

    BrokenInbox(Inbox delegate, Defect defect) {
        this.delegate = delegate;
        this.defect = defect;
    }

    @Override
    public boolean store(InboxMessage message) {
        return delegate.store(message) || defect == Defect.REPORTS_DUPLICATES_AS_NEW;
    }

    @Override
    public List<InboxMessage> claimDue(int max, Duration lease) {
        List<InboxMessage> claimed = delegate.claimDue(defect == Defect.CLAIMS_ONE_MORE ? max + 1 : max, lease);
        if (defect != Defect.DROPS_HEADERS) {
            return claimed;
        }
        return claimed.stream().map(m -> m.toBuilder().headers(Map.of()).build()).toList();
    }

    @Override
    public boolean markDone(InboxMessage message) {
        return delegate.markDone(message) || defect == Defect.UNFENCED_ANSWERS;
    }

    @Override
    public boolean markRetry(InboxMessage message, Duration delay, String error) {
        return delegate.markRetry(message, delay, error) || defect == Defect.UNFENCED_ANSWERS;
    }

    @Override
    public boolean markDead(InboxMessage message, String error) {
        return delegate.markDead(message, error) || defect == Defect.UNFENCED_ANSWERS;
    }

    @Override
    public boolean release(InboxMessage message) {
        return delegate.release(message) || defect == Defect.UNFENCED_ANSWERS;
    }

    @Override
    public List<InboxMessage> listDead(int limit) {
        return delegate.listDead(limit);
    }

    @Override
    public boolean replayDeadWithoutReverifying(String id) {
        return delegate.replayDeadWithoutReverifying(id);
    }

    @Override
    public int replayAllDeadWithoutReverifying() {
        return delegate.replayAllDeadWithoutReverifying();
    }

    @Override
    public int purgeDone(Duration retention) {
        return delegate.purgeDone(retention);
    }

    @Override
    public Optional<InboxStats> stats() {
        return delegate.stats();
    }
}
