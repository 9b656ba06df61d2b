package dev.payhooks;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.TransactionWork;
import dev.payhooks.spi.TransactionalEventHandler;
import dev.payhooks.spi.TransactionalIdempotencyStore;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the receiver runs an event whose handlers include a {@link TransactionalEventHandler}: one
 * call to the store's {@link TransactionalIdempotencyStore#completeWithin} instead of claim,
 * complete and release, and each of its results and failures answered per the response policy.
 * The store here keeps its "transaction" in memory (the real ones, on PostgreSQL and H2, are
 * tested in payhooks-jdbc).
 */
class TransactionalDispatchTest {

    private static final String SECRET = "test_secret_4f0c2a";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static WebhookRequest delivery(String id, String type) {
        return TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event(id, type)).build();
    }

    private WebhookReceiver.Builder receiver(IdempotencyStore store) {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).idempotencyStore(store);
    }

    private TransactionalEventHandler transactional(String name) {
        return event -> log.add(name + ":" + event.id());
    }

    @Test
    void everyHandlerOfTheEventRunsInsideOneTransactionAndADuplicateRunsNone() {
        RecordingStore store = new RecordingStore();
        WebhookReceiver receiver = receiver(store)
                .on("refund.failed", transactional("tx"))
                .on("refund.*", event -> log.add("plain:" + event.id()))
                .build();

        WebhookResponse first = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse second = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(second.status()).isEqualTo(200);
        assertThat(log).containsExactly("begin:evt_1", "tx:evt_1", "plain:evt_1", "commit:evt_1", "begin:evt_1",
                "duplicate:evt_1");
    }

    @Test
    void eventsWithoutATransactionalHandlerStillClaimAndComplete() {
        RecordingStore store = new RecordingStore();
        WebhookReceiver receiver = receiver(store)
                .on("refund.failed", transactional("tx"))
                .on("payment.succeeded", event -> log.add("plain:" + event.id()))
                .build();

        assertThat(receiver.receive(delivery("evt_2", "payment.succeeded")).outcome()).isEqualTo(Outcome.HANDLED);

        assertThat(log).containsExactly("plain:evt_2");
        assertThat(store.claims).isEqualTo(1);
    }

    @Test
    void eachResultAndFailureIsAnsweredByThePolicy() {
        RecordingStore store = new RecordingStore();
        WebhookReceiver receiver = receiver(store)
                .on("held.event", transactional("tx"))
                .on("failing.event", (TransactionalEventHandler) event -> {
                    throw new IllegalStateException("refused");
                })
                .on("dependency.down", (TransactionalEventHandler) event -> {
                    throw new WebhookUnavailableException("the ledger is down", null);
                })
                .on("store.down", transactional("never"))
                .build();
        store.heldElsewhere = "evt_held";
        store.unavailable = "evt_store_down";

        WebhookResponse held = receiver.receive(delivery("evt_held", "held.event"));
        WebhookResponse failed = receiver.receive(delivery("evt_fail", "failing.event"));
        WebhookResponse down = receiver.receive(delivery("evt_dep", "dependency.down"));
        WebhookResponse storeDown = receiver.receive(delivery("evt_store_down", "store.down"));

        assertThat(held.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(held.status()).isEqualTo(409);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(down.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(down.status()).isEqualTo(503);
        assertThat(storeDown.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(storeDown.status()).isEqualTo(503);
        assertThat(log).contains("rollback:evt_fail", "rollback:evt_dep").doesNotContain("never:evt_store_down");
        assertThat(receiver.receive(delivery("evt_fail", "held.event")).outcome())
                .as("nothing was recorded for the failed event").isEqualTo(Outcome.HANDLED);
    }

    @Test
    void aTransactionalHandlerAnywhereNeedsATransactionalStore() {
        assertThatThrownBy(() -> receiver(IdempotencyStore.inMemory()).otherwise(transactional("tx")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransactionalIdempotencyStore");
        assertThatThrownBy(() -> receiver(IdempotencyStore.inMemory()).on("refund.*", transactional("tx")).build())
                .isInstanceOf(IllegalStateException.class);
        assertThat(receiver(IdempotencyStore.inMemory()).on("refund.failed", event -> { }).build()).isNotNull();
    }

    /**
     * The in-memory store with a transaction kept in the log: the key is completed only when the
     * work returns, so a failing work leaves nothing recorded.
     */
    private final class RecordingStore implements TransactionalIdempotencyStore {
        private final IdempotencyStore keys = IdempotencyStore.inMemoryBuilder().clock(clock).build();
        private int claims;
        private String heldElsewhere;
        private String unavailable;

        @Override
        public Result completeWithin(IdempotencyKey key, TransactionWork work) throws Exception {
            if (key.key().contains(String.valueOf(unavailable))) {
                throw new WebhookUnavailableException("the database is down", null);
            }
            log.add("begin:" + key.key());
            if (key.key().contains(String.valueOf(heldElsewhere))) {
                return Result.IN_PROGRESS;
            }
            ClaimResult claim = keys.claim(key, Duration.ofMinutes(1));
            if (claim instanceof ClaimResult.Completed) {
                log.add("duplicate:" + key.key());
                return Result.ALREADY_COMPLETED;
            }
            ClaimToken token = ((ClaimResult.Claimed) claim).token();
            try {
                work.run();
            } catch (Exception e) {
                keys.release(key, token);
                log.add("rollback:" + key.key());
                throw e;
            }
            keys.complete(key, token);
            log.add("commit:" + key.key());
            return Result.COMMITTED;
        }

        @Override
        public ClaimResult claim(IdempotencyKey key, Duration lease) {
            claims++;
            return keys.claim(key, lease);
        }

        @Override
        public boolean complete(IdempotencyKey key, ClaimToken token) {
            return keys.complete(key, token);
        }

        @Override
        public boolean release(IdempotencyKey key, ClaimToken token) {
            return keys.release(key, token);
        }
    }
}
