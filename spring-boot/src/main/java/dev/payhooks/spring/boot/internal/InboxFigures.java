package dev.payhooks.spring.boot.internal;

import dev.payhooks.spi.InboxStats;

import java.time.Instant;
import java.util.Optional;

/**
 * An inbox's backlog as the health indicator reports it.
 *
 * @param pending rows waiting for an attempt
 * @param running rows claimed by a worker
 * @param dead rows whose every attempt failed
 * @param oldestPendingReceivedAt when the oldest pending row arrived; empty when none is pending or
 *                                the inbox cannot tell
 */
record InboxFigures(long pending, long running, long dead, Optional<Instant> oldestPendingReceivedAt) {

    static InboxFigures of(InboxStats stats) {
        return new InboxFigures(stats.pending(), stats.running(), stats.dead(), stats.oldestPendingReceivedAt());
    }
}
