package dev.payhooks.testkit.contract;

import dev.payhooks.testkit.internal.Race;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link IdempotencyStore} must have, as JUnit 5 tests your store's test class
 * inherits. Extend it, return a fresh store from {@link #newStore()}, and move the store's notion of
 * time forward in {@link #advance(Duration)}: with an injected clock (a
 * {@link dev.payhooks.testkit.MutableClock}) or, for a store that reads the database's clock, by
 * shifting the stored instants back by the same amount (to the store that is the clock jumping
 * forward, and no test waits).
 *
 * <pre>{@code
 * class RedisIdempotencyStoreTest extends IdempotencyStoreContract {
 *     private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 *
 *     protected IdempotencyStore newStore() { return new RedisIdempotencyStore(redis, clock, retention()); }
 *     protected void advance(Duration duration) { clock.advance(duration); }
 *     protected Duration retention() { return Duration.ofDays(7); }
 * }
 * }</pre>
 *
 * <p>The cases: the first claim wins and a second sees it in progress; a completed key is a
 * duplicate; a released key can be claimed again at once; an expired lease is taken over by
 * exactly one claimer and the stale owner can then neither complete nor release; an unexpired
 * lease is not taken over; completion cannot be undone; an unknown token changes nothing; a
 * completed key is forgotten after the retention; keys are scoped by provider and tenant and do
 * not collide through separator characters; and of 16 threads claiming the same 50 keys, exactly
 * one wins each key.
 *
 * @since 0.1.0
 */
public abstract class IdempotencyStoreContract {

    /** For subclasses. */
    protected IdempotencyStoreContract() {
    }

    /**
     * A new, empty store whose lease and retention clock moves with {@link #advance(Duration)}.
     * Called once per test; stores may share a database if their keys do not (see {@link #freshKey()}).
     *
     * @return the store
     */
    protected abstract IdempotencyStore newStore();

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
     * A lease short enough to let expire in a test and long enough not to expire on its own
     * while one test step runs.
     *
     * @return the lease
     */
    protected Duration shortLease() {
        return Duration.ofSeconds(30);
    }

    /**
     * A key nobody else uses, so that tests can share one database.
     *
     * @return a fresh key, provider {@code test}
     */
    protected IdempotencyKey freshKey() {
        return new IdempotencyKey("test", "", "evt_" + UUID.randomUUID());
    }

    @Test
    void firstClaimWinsAndSecondSeesInProgress() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();

        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void completedKeyIsADuplicate() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, shortLease())).token();

        assertThat(store.complete(key, token)).isTrue();

        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void releasedKeyCanBeClaimedAgainAtOnce() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, shortLease())).token();

        assertThat(store.release(key, token)).isTrue();

        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void expiredLeaseIsTakenOverAndTheStaleOwnerIsFenced() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        ClaimToken stale = ((ClaimResult.Claimed) store.claim(key, shortLease())).token();

        advance(shortLease().plusSeconds(1));
        ClaimResult takeover = store.claim(key, shortLease());

        assertThat(takeover).isInstanceOf(ClaimResult.Claimed.class);
        ClaimToken fresh = ((ClaimResult.Claimed) takeover).token();
        assertThat(fresh).isNotEqualTo(stale);
        assertThat(store.complete(key, stale)).as("stale owner completes").isFalse();
        assertThat(store.release(key, stale)).as("stale owner releases").isFalse();
        assertThat(store.claim(key, shortLease())).as("still held by the new owner").isInstanceOf(ClaimResult.InProgress.class);
        assertThat(store.complete(key, fresh)).isTrue();
        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void unexpiredLeaseIsNotTakenOver() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        store.claim(key, shortLease());

        advance(shortLease().minusSeconds(5));

        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void completionCannotBeUndoneByRelease() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, shortLease())).token();
        store.complete(key, token);

        assertThat(store.release(key, token)).isFalse();
        assertThat(store.complete(key, token)).as("second completion").isFalse();
        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void unknownTokenChangesNothing() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        store.claim(key, shortLease());

        assertThat(store.complete(key, ClaimToken.random())).isFalse();
        assertThat(store.release(key, ClaimToken.random())).isFalse();
        assertThat(store.complete(freshKey(), ClaimToken.random())).isFalse();
        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void completedKeyIsForgottenAfterTheRetention() {
        IdempotencyStore store = newStore();
        IdempotencyKey key = freshKey();
        ClaimToken token = ((ClaimResult.Claimed) store.claim(key, shortLease())).token();
        store.complete(key, token);

        advance(retention().plusSeconds(1));

        assertThat(store.claim(key, shortLease())).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void keysAreScopedByProviderAndTenant() {
        IdempotencyStore store = newStore();
        String id = "evt_" + UUID.randomUUID();

        assertThat(store.claim(new IdempotencyKey("stripe", "", id), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("omise", "", id), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("stripe", "m_1/gp_1", id), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("stripe", "m_1/gp_2", id), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("stripe", "m_1/gp_2", id), shortLease())).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void keysWithSeparatorCharactersDoNotCollide() {
        IdempotencyStore store = newStore();
        String suffix = UUID.randomUUID().toString();

        assertThat(store.claim(new IdempotencyKey("p", "a|b", "c" + suffix), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("p", "a", "b|c" + suffix), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.claim(new IdempotencyKey("p|a", "", "b|c" + suffix), shortLease())).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void exactlyOneOfManyConcurrentClaimersWins() throws Exception {
        IdempotencyStore store = newStore();
        int threads = 16;
        int keys = 50;
        List<IdempotencyKey> keyList = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            keyList.add(freshKey());
        }
        AtomicInteger wins = new AtomicInteger();
        Race.run(threads, thread -> {
            for (IdempotencyKey key : keyList) {
                ClaimResult result = store.claim(key, Duration.ofMinutes(5));
                if (result instanceof ClaimResult.Claimed claimed) {
                    wins.incrementAndGet();
                    assertThat(store.complete(key, claimed.token())).isTrue();
                }
            }
        });
        assertThat(wins.get()).isEqualTo(keys);
    }
}
