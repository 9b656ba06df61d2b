package dev.payhooks.testkit.contract;

import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link Inbox} must have, as JUnit 5 tests your inbox's test class inherits.
 * Extend it, return a fresh inbox from {@link #newInbox()} and move its notion of time with
 * {@link #advance(Duration)} (a {@link dev.payhooks.testkit.MutableClock} given to the inbox, or
 * stored instants shifted back).
 *
 * <pre>{@code
 * class RedisInboxTest extends InboxContract {
 *     private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 *
 *     protected Inbox newInbox() { return new RedisInbox(redis, clock); }
 *     protected void advance(Duration duration) { clock.advance(duration); }
 * }
 * }</pre>
 *
 * <p>The cases: a delivery is stored once per provider, tenant and key; a due row is claimed once,
 * with its body and headers, and held by the lease; done rows are not claimed again; retried rows
 * come back after their delay with the attempt counted and the error kept; an expired lease is
 * claimed again and the stale worker can no longer mark or release the row; dead rows are listed
 * and replayed; a released row is due at once without counting the attempt; purging removes only
 * done rows older than the retention; and, for an inbox whose {@link Inbox#stats()} reports
 * statistics (the case is skipped for one that does not), the counts by state and the oldest
 * pending row follow every step.
 *
 * @since 0.1.0
 */
public abstract class InboxContract {

    /** For subclasses. */
    protected InboxContract() {
    }

    /**
     * A new, empty inbox whose clock moves with {@link #advance(Duration)}. Called once per test.
     *
     * @return the inbox
     */
    protected abstract Inbox newInbox();

    /**
     * Moves the inbox's notion of "now" forward.
     *
     * @param duration how far
     */
    protected abstract void advance(Duration duration);

    /**
     * A pending delivery with a fresh key (provider {@code test}, no tenant), received
     * 2026-01-01T00:00:00Z, with a small JSON body and one header.
     *
     * @param type the event type
     * @return the message to store
     */
    protected static InboxMessage delivery(String type) {
        String id = "evt_" + UUID.randomUUID();
        return InboxMessage.builder().id("ignored").provider("test").tenant("").idempotencyKey(id).eventId(id).eventType(type)
                .receivedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .body(("{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8))
                .headers(Map.of("x-test-timestamp", List.of("1"))).build();
    }

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void storesOnceAndDeduplicatesByProviderTenantAndKey() {
        Inbox inbox = newInbox();
        InboxMessage message = delivery("refund.failed");

        assertThat(inbox.store(message)).isTrue();
        assertThat(inbox.store(message)).isFalse();
        assertThat(inbox.store(message.toBuilder().tenant("other").build())).isTrue();
        assertThat(inbox.store(message.toBuilder().provider("other").build())).isTrue();
    }

    @Test
    void claimsDueRowsOnceAndKeepsBodyAndHeaders() {
        Inbox inbox = newInbox();
        InboxMessage stored = delivery("refund.failed");
        inbox.store(stored);

        List<InboxMessage> claimed = inbox.claimDue(10, LEASE);

        assertThat(claimed).hasSize(1);
        InboxMessage message = claimed.get(0);
        assertThat(message.status()).isEqualTo(InboxMessage.Status.RUNNING);
        assertThat(message.attempts()).isEqualTo(1);
        assertThat(message.claimToken()).isPresent();
        assertThat(message.body()).isEqualTo(stored.body());
        assertThat(message.headers()).containsEntry("x-test-timestamp", List.of("1"));
        assertThat(message.eventId()).isEqualTo(stored.eventId());
        assertThat(inbox.claimDue(10, LEASE)).as("held by the lease").isEmpty();
    }

    @Test
    void aClaimTakesAtMostTheRowsAskedForOldestFirst() {
        Inbox inbox = newInbox();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            InboxMessage message = delivery("refund.failed");
            inbox.store(message);
            stored.add(message.eventId());
        }

        List<InboxMessage> one = inbox.claimDue(1, LEASE);
        List<InboxMessage> two = inbox.claimDue(2, LEASE);

        assertThat(one).extracting(InboxMessage::eventId).containsExactly(stored.get(0));
        assertThat(two).extracting(InboxMessage::eventId).containsExactly(stored.get(1), stored.get(2));
        assertThat(inbox.claimDue(10, LEASE)).as("the rows not asked for were left for the next claim")
                .extracting(InboxMessage::eventId).containsExactly(stored.get(3), stored.get(4));
    }

    @Test
    void doneRowsAreNotClaimedAgain() {
        Inbox inbox = newInbox();
        inbox.store(delivery("a"));
        InboxMessage message = inbox.claimDue(1, LEASE).get(0);

        assertThat(inbox.markDone(message)).isTrue();
        advance(LEASE.plusSeconds(1));

        assertThat(inbox.claimDue(10, LEASE)).isEmpty();
    }

    @Test
    void retriedRowsComeBackAfterTheirDelay() {
        Inbox inbox = newInbox();
        inbox.store(delivery("a"));
        InboxMessage first = inbox.claimDue(1, LEASE).get(0);

        assertThat(inbox.markRetry(first, Duration.ofSeconds(30), "java.lang.IllegalStateException: boom")).isTrue();
        assertThat(inbox.claimDue(1, LEASE)).isEmpty();
        advance(Duration.ofSeconds(31));
        List<InboxMessage> again = inbox.claimDue(1, LEASE);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).attempts()).isEqualTo(2);
        assertThat(again.get(0).lastError()).contains("java.lang.IllegalStateException: boom");
    }

    @Test
    void expiredLeaseIsClaimedAgainAndTheStaleWorkerIsFenced() {
        Inbox inbox = newInbox();
        inbox.store(delivery("a"));
        InboxMessage stale = inbox.claimDue(1, LEASE).get(0);

        advance(LEASE.plusSeconds(1));
        List<InboxMessage> again = inbox.claimDue(1, LEASE);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).attempts()).isEqualTo(2);
        assertThat(inbox.markDone(stale)).isFalse();
        assertThat(inbox.markRetry(stale, Duration.ofSeconds(1), "x")).isFalse();
        assertThat(inbox.markDead(stale, "x")).isFalse();
        assertThat(inbox.release(stale)).isFalse();
        assertThat(inbox.markDone(again.get(0))).isTrue();
    }

    @Test
    void deadRowsAreListedAndReplayed() {
        Inbox inbox = newInbox();
        inbox.store(delivery("a"));
        inbox.store(delivery("b"));
        for (InboxMessage message : inbox.claimDue(2, LEASE)) {
            assertThat(inbox.markDead(message, "java.lang.RuntimeException: gave up")).isTrue();
        }

        List<InboxMessage> dead = inbox.listDead(10);
        assertThat(dead).hasSize(2).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(InboxMessage.Status.DEAD);
            assertThat(m.lastError()).contains("java.lang.RuntimeException: gave up");
        });
        assertThat(inbox.claimDue(10, LEASE)).isEmpty();
        assertThat(inbox.replayDeadWithoutReverifying(dead.get(0).id())).isTrue();
        assertThat(inbox.replayDeadWithoutReverifying(dead.get(0).id())).as("no longer dead").isFalse();
        assertThat(inbox.claimDue(10, LEASE)).extracting(InboxMessage::attempts).containsExactly(1);
        assertThat(inbox.replayAllDeadWithoutReverifying()).isEqualTo(1);
        assertThat(inbox.listDead(10)).isEmpty();
    }

    @Test
    void releasedRowsAreDueAtOnceWithoutCountingTheAttempt() {
        Inbox inbox = newInbox();
        inbox.store(delivery("a"));
        InboxMessage message = inbox.claimDue(1, LEASE).get(0);

        assertThat(inbox.release(message)).isTrue();

        assertThat(inbox.claimDue(1, LEASE)).extracting(InboxMessage::attempts).containsExactly(1);
    }

    @Test
    void purgeRemovesOnlyDoneRowsOlderThanTheRetention() {
        Inbox inbox = newInbox();
        InboxMessage doneOld = delivery("a");
        InboxMessage pending = delivery("b");
        inbox.store(doneOld);
        inbox.markDone(inbox.claimDue(1, LEASE).get(0));
        inbox.store(pending);
        advance(Duration.ofDays(8));
        InboxMessage doneRecent = delivery("c");
        inbox.store(doneRecent);
        for (InboxMessage message : inbox.claimDue(10, LEASE)) {
            if (message.eventId().equals(doneRecent.eventId())) {
                inbox.markDone(message);
            } else {
                inbox.release(message);
            }
        }

        assertThat(inbox.purgeDone(Duration.ofDays(7))).isEqualTo(1);
        assertThat(inbox.store(doneOld)).as("purged key can be stored again").isTrue();
        assertThat(inbox.store(doneRecent)).isFalse();
        assertThat(inbox.store(pending)).isFalse();
    }

    @Test
    void statsCountUnfinishedRowsAndDateTheOldestPendingOneWhenSupported() {
        Inbox inbox = newInbox();
        Assumptions.assumeTrue(inbox.stats().isPresent(), "this inbox does not report statistics");
        assertThat(inbox.stats()).contains(InboxStats.withoutPending(0, 0));
        // An inbox may keep the arrival the message carries or stamp its own (a database's clock):
        // the arrivals are learned from the claimed messages, and earlier snapshots checked then.
        Instant earlier = Instant.parse("2026-01-01T00:00:00Z");
        inbox.store(delivery("refund.failed").toBuilder().receivedAt(earlier).build());
        inbox.store(delivery("refund.failed").toBuilder().receivedAt(earlier.plusSeconds(60)).build());
        InboxStats twoPending = inbox.stats().orElseThrow();

        InboxMessage first = inbox.claimDue(1, LEASE).get(0);
        InboxStats oneClaimed = inbox.stats().orElseThrow();

        inbox.markDead(first, "java.lang.IllegalStateException: down");
        InboxMessage second = inbox.claimDue(1, LEASE).get(0);
        assertThat(inbox.stats()).contains(InboxStats.withoutPending(1, 1));

        Instant oldest = first.receivedAt().isBefore(second.receivedAt()) ? first.receivedAt() : second.receivedAt();
        assertThat(twoPending).isEqualTo(InboxStats.of(2, 0, 0, oldest));
        assertThat(oneClaimed).as("the row not yet claimed is the oldest pending one")
                .isEqualTo(InboxStats.of(1, 1, 0, second.receivedAt()));

        inbox.markRetry(second, Duration.ofMinutes(5), "java.lang.IllegalStateException: down");
        assertThat(inbox.stats()).as("a row waiting for its retry is pending")
                .contains(InboxStats.of(1, 0, 1, second.receivedAt()));

        assertThat(inbox.replayAllDeadWithoutReverifying()).isEqualTo(1);
        assertThat(inbox.stats()).contains(InboxStats.of(2, 0, 0, oldest));

        advance(Duration.ofMinutes(6));
        for (InboxMessage message : inbox.claimDue(10, LEASE)) {
            inbox.markDone(message);
        }
        assertThat(inbox.stats()).as("done rows are not counted").contains(InboxStats.withoutPending(0, 0));
    }
}
