package dev.payhooks.testkit.contract;

import dev.payhooks.testkit.internal.Race;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link ObjectVersionStore} (the ordering guard's store) must have, as JUnit 5
 * tests your store's test class inherits. Extend it, return a fresh store from {@link #newStore()},
 * and move the store's notion of time forward in {@link #advance(Duration)}, as for
 * {@link IdempotencyStoreContract}.
 *
 * <pre>{@code
 * class MyVersionStoreTest extends ObjectVersionStoreContract {
 *     private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 *
 *     protected ObjectVersionStore newStore() { return new MyVersionStore(dataSource, clock, retention()); }
 *     protected void advance(Duration duration) { clock.advance(duration); }
 *     protected Duration retention() { return Duration.ofDays(30); }
 * }
 * }</pre>
 *
 * <p>The cases: an unseen object is claimed and advanced; a newer event claims and advances; an
 * older event, and the same event again, are older and claim nothing; a same-second event is a
 * tie, and a sequence breaks it; millisecond differences order; a held object is busy for newer
 * events but still answers older ones; a release leaves the version and frees the object; an
 * expired hold is taken over, and the late holder's advance counts only if newer; an advance
 * never moves a version back; an unknown token changes nothing; objects are scoped by provider,
 * tenant, type and id without separator collisions; a version is forgotten after the retention;
 * of 16 threads claiming one object, one holds it at a time; and of 16 threads advancing one
 * object without holds, the newest version wins.
 *
 * @since 0.1.0
 */
public abstract class ObjectVersionStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** For subclasses. */
    protected ObjectVersionStoreContract() {
    }

    /**
     * A new store whose clock moves with {@link #advance(Duration)}. Called once per test; stores
     * may share a database if their keys do not (see {@link #freshKey()}).
     *
     * @return the store
     */
    protected abstract ObjectVersionStore newStore();

    /**
     * Moves the store's notion of "now" forward.
     *
     * @param duration how far
     */
    protected abstract void advance(Duration duration);

    /**
     * The retention the store under test was built with.
     *
     * @return the retention
     */
    protected abstract Duration retention();

    /**
     * A lease short enough to let expire in a test and long enough not to expire on its own while
     * one test step runs.
     *
     * @return the lease
     */
    protected Duration shortLease() {
        return Duration.ofSeconds(30);
    }

    /**
     * An object nobody else uses, so that tests can share one database.
     *
     * @return a fresh key, provider {@code test}, type {@code refund}
     */
    protected ObjectKey freshKey() {
        return new ObjectKey("test", "", "refund", "re_" + UUID.randomUUID());
    }

    /**
     * A version created {@code seconds} after a fixed instant, without a sequence.
     *
     * @param seconds seconds after 2026-01-01T00:00:00Z
     * @param eventId the event id
     * @return the version
     */
    protected static ObjectVersion at(long seconds, String eventId) {
        return new ObjectVersion(T0.plusSeconds(seconds), OptionalLong.empty(), eventId);
    }

    private static ClaimToken claimed(VersionClaim claim) {
        assertThat(claim).isInstanceOf(VersionClaim.Claimed.class);
        return ((VersionClaim.Claimed) claim).token();
    }

    @Test
    void anUnseenObjectIsClaimedAndAdvanced() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();

        VersionClaim claim = store.claim(key, at(10, "evt_1"), shortLease());

        assertThat(claim).isEqualTo(new VersionClaim.Claimed(((VersionClaim.Claimed) claim).token(), false,
                java.util.Optional.empty()));
        assertThat(store.current(key)).isEmpty();
        assertThat(store.advance(key, at(10, "evt_1"), ((VersionClaim.Claimed) claim).token())).isTrue();
        assertThat(store.current(key)).contains(at(10, "evt_1"));
    }

    @Test
    void aNewerEventClaimsAndAdvances() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        store.advance(key, at(10, "evt_1"), claimed(store.claim(key, at(10, "evt_1"), shortLease())));

        VersionClaim claim = store.claim(key, at(11, "evt_2"), shortLease());

        assertThat(claim).isInstanceOf(VersionClaim.Claimed.class);
        assertThat(((VersionClaim.Claimed) claim).tie()).isFalse();
        assertThat(((VersionClaim.Claimed) claim).stored()).contains(at(10, "evt_1"));
        assertThat(store.advance(key, at(11, "evt_2"), claimed(claim))).isTrue();
        assertThat(store.current(key)).contains(at(11, "evt_2"));
    }

    @Test
    void anOlderEventAndTheSameEventAgainAreOlderAndClaimNothing() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        store.advance(key, at(20, "evt_2"), claimed(store.claim(key, at(20, "evt_2"), shortLease())));

        assertThat(store.claim(key, at(10, "evt_1"), shortLease())).isEqualTo(new VersionClaim.Older(at(20, "evt_2")));
        assertThat(store.claim(key, at(20, "evt_2"), shortLease())).isEqualTo(new VersionClaim.Older(at(20, "evt_2")));
        assertThat(store.claim(key, at(21, "evt_3"), shortLease())).as("nothing was held").isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void aSameSecondEventIsATieAndASequenceBreaksIt() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        ObjectVersion first = new ObjectVersion(T0, OptionalLong.of(5), "evt_a");
        store.advance(key, first, claimed(store.claim(key, first, shortLease())));

        VersionClaim tie = store.claim(key, at(0, "evt_b"), shortLease());
        assertThat(tie).isInstanceOf(VersionClaim.Claimed.class);
        assertThat(((VersionClaim.Claimed) tie).tie()).as("no sequence on one side").isTrue();
        assertThat(store.release(key, claimed(tie))).isTrue();

        assertThat(store.claim(key, new ObjectVersion(T0, OptionalLong.of(4), "evt_c"), shortLease()))
                .isEqualTo(new VersionClaim.Older(first));
        ObjectVersion later = new ObjectVersion(T0, OptionalLong.of(6), "evt_d");
        VersionClaim newer = store.claim(key, later, shortLease());
        assertThat(((VersionClaim.Claimed) newer).tie()).isFalse();
        store.advance(key, later, claimed(newer));
        assertThat(store.current(key)).contains(later);
    }

    @Test
    void millisecondsOrderEvents() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        ObjectVersion later = new ObjectVersion(T0.plusMillis(2), OptionalLong.empty(), "evt_2");
        store.advance(key, later, claimed(store.claim(key, later, shortLease())));

        assertThat(store.claim(key, new ObjectVersion(T0.plusMillis(1), OptionalLong.empty(), "evt_1"), shortLease()))
                .isEqualTo(new VersionClaim.Older(later));
    }

    @Test
    void aHeldObjectIsBusyForNewerEventsAndStillAnswersOlderOnes() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        store.advance(key, at(10, "evt_1"), claimed(store.claim(key, at(10, "evt_1"), shortLease())));
        claimed(store.claim(key, at(20, "evt_2"), shortLease()));

        assertThat(store.claim(key, at(30, "evt_3"), shortLease())).isInstanceOf(VersionClaim.Busy.class);
        assertThat(store.claim(key, at(5, "evt_0"), shortLease())).isEqualTo(new VersionClaim.Older(at(10, "evt_1")));
        advance(shortLease().minusSeconds(5));
        assertThat(store.claim(key, at(30, "evt_3"), shortLease())).as("unexpired").isInstanceOf(VersionClaim.Busy.class);
    }

    @Test
    void aReleaseLeavesTheVersionAndFreesTheObject() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        store.advance(key, at(10, "evt_1"), claimed(store.claim(key, at(10, "evt_1"), shortLease())));
        ClaimToken token = claimed(store.claim(key, at(20, "evt_2"), shortLease()));

        assertThat(store.release(key, token)).isTrue();

        assertThat(store.current(key)).contains(at(10, "evt_1"));
        assertThat(store.claim(key, at(20, "evt_2"), shortLease())).as("the retry of the failed event")
                .isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void aReleasedFirstEventLeavesTheObjectUnseen() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        ClaimToken token = claimed(store.claim(key, at(20, "evt_2"), shortLease()));

        assertThat(store.release(key, token)).isTrue();

        assertThat(store.current(key)).isEmpty();
        assertThat(store.claim(key, at(10, "evt_1"), shortLease())).isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void anExpiredHoldIsTakenOverAndTheLateHoldersAdvanceCountsOnlyIfNewer() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        ClaimToken late = claimed(store.claim(key, at(20, "evt_2"), shortLease()));

        advance(shortLease().plusSeconds(1));
        ClaimToken fresh = claimed(store.claim(key, at(30, "evt_3"), shortLease()));

        assertThat(fresh).isNotEqualTo(late);
        assertThat(store.release(key, late)).as("late holder releases").isFalse();
        assertThat(store.claim(key, at(40, "evt_4"), shortLease())).as("still held by the new holder")
                .isInstanceOf(VersionClaim.Busy.class);
        assertThat(store.advance(key, at(30, "evt_3"), fresh)).isTrue();
        assertThat(store.advance(key, at(20, "evt_2"), late)).as("late holder advances").isFalse();
        assertThat(store.current(key)).as("never moved back").contains(at(30, "evt_3"));
    }

    @Test
    void aLateHoldersNewerEventStillAdvances() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        ClaimToken late = claimed(store.claim(key, at(20, "evt_2"), shortLease()));
        advance(shortLease().plusSeconds(1));
        ClaimToken fresh = claimed(store.claim(key, at(10, "evt_1"), shortLease()));

        assertThat(store.advance(key, at(20, "evt_2"), late)).isFalse();
        assertThat(store.current(key)).as("its handlers ran: the newer version is recorded").contains(at(20, "evt_2"));
        assertThat(store.advance(key, at(10, "evt_1"), fresh)).isTrue();
        assertThat(store.current(key)).contains(at(20, "evt_2"));
        assertThat(store.claim(key, at(30, "evt_3"), shortLease())).as("the hold ended").isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void anUnknownTokenChangesNothing() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        claimed(store.claim(key, at(20, "evt_2"), shortLease()));

        assertThat(store.release(key, ClaimToken.random())).isFalse();
        assertThat(store.release(freshKey(), ClaimToken.random())).isFalse();
        assertThat(store.claim(key, at(30, "evt_3"), shortLease())).isInstanceOf(VersionClaim.Busy.class);
    }

    @Test
    void objectsAreScopedByProviderTenantTypeAndIdWithoutSeparatorCollisions() {
        ObjectVersionStore store = newStore();
        String id = "re_" + UUID.randomUUID();
        List<ObjectKey> keys = List.of(new ObjectKey("stripe", "", "refund", id), new ObjectKey("omise", "", "refund", id),
                new ObjectKey("stripe", "m_1", "refund", id), new ObjectKey("stripe", "", "charge", id),
                new ObjectKey("p", "a|b", "c", id), new ObjectKey("p", "a", "b|c", id), new ObjectKey("p|a", "", "b|c", id),
                new ObjectKey("p", "", "a", "b:" + id), new ObjectKey("p", "", "a:b", id));
        for (ObjectKey key : keys) {
            store.advance(key, at(20, "evt_2"), claimed(store.claim(key, at(20, "evt_2"), shortLease())));
        }
        for (ObjectKey key : keys) {
            assertThat(store.current(key)).as("%s", key).contains(at(20, "evt_2"));
        }
        assertThat(store.claim(new ObjectKey("stripe", "m_2", "refund", id), at(10, "evt_1"), shortLease()))
                .isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void aVersionIsForgottenAfterTheRetention() {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        store.advance(key, at(20, "evt_2"), claimed(store.claim(key, at(20, "evt_2"), shortLease())));

        advance(retention().plusSeconds(1));
        store.purgeExpired();

        assertThat(store.claim(key, at(10, "evt_1"), shortLease())).isInstanceOf(VersionClaim.Claimed.class);
    }

    @Test
    void oneOfManyConcurrentClaimersHoldsAnObjectAtATime() throws Exception {
        ObjectVersionStore store = newStore();
        ObjectKey key = freshKey();
        int threads = 16;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger claims = new AtomicInteger();
        Race.run(threads, thread -> {
            for (int i = 0; i < 25; i++) {
                ObjectVersion version = at(i * threads + thread, "evt_" + thread + "_" + i);
                VersionClaim claim = store.claim(key, version, Duration.ofMinutes(5));
                if (claim instanceof VersionClaim.Claimed c) {
                    claims.incrementAndGet();
                    if (holders.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    Thread.yield();
                    holders.decrementAndGet();
                    store.advance(key, version, c.token());
                }
            }
        });
        assertThat(overlaps.get()).isZero();
        assertThat(claims.get()).isPositive();
    }

    @Test
    void theNewestOfManyConcurrentAdvancesWins() throws Exception {
        ObjectVersionStore store = newStore();
        int threads = 16;
        int objects = 20;
        List<ObjectKey> keys = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            keys.add(freshKey());
        }
        Race.run(threads, thread -> {
            for (ObjectKey key : keys) {
                // Late holders (expired holds) advance without holding: only "if newer" keeps the order.
                store.advance(key, at(thread, "evt_" + thread), ClaimToken.random());
            }
        });
        for (ObjectKey key : keys) {
            assertThat(store.current(key)).as("%s", key).contains(at(threads - 1, "evt_" + (threads - 1)));
        }
    }
}
