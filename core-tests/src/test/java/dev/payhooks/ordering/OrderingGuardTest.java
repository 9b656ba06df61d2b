package dev.payhooks.ordering;

import dev.payhooks.Event;
import dev.payhooks.ObjectRef;
import dev.payhooks.Ordering;
import dev.payhooks.OrderingPolicy;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.TransactionWork;
import dev.payhooks.spi.TransactionalEventHandler;
import dev.payhooks.spi.TransactionalIdempotencyStore;
import dev.payhooks.spi.VersionClaim;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.payhooks.ordering.OrderedObjects.TS;
import static dev.payhooks.ordering.OrderedObjects.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderingGuardTest {

    private static final Instant NOW = Instant.ofEpochSecond(TS);

    private final MutableClock clock = new MutableClock(NOW);
    private final ObjectVersionStore versions = ObjectVersionStore.inMemoryBuilder().clock(clock).build();
    private final List<String> applied = Collections.synchronizedList(new ArrayList<>());

    private WebhookReceiver.Builder receiver(Ordering ordering) {
        return WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock).ordering(ordering)
                .on("refund.*", e -> applied.add(e.id() + (e.isStale() ? " stale" : "") + (e.isTie() ? " tie" : "")
                        + e.refetched(String.class).map(r -> " refetched=" + r).orElse("")));
    }

    private Ordering.Builder ordering() {
        return Ordering.builder().store(versions);
    }

    @Test
    void anOlderEventAfterANewerOneIsSkippedAndAnswered200Stale() {
        List<WebhookResponse> heard = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = receiver(ordering().build()).listener(new WebhookListener() {
            @Override
            public void onCompleted(WebhookResponse response, Duration elapsed) {
                heard.add(response);
            }
        }).build();

        try (LogCapture log = LogCapture.open()) {
            assertThat(receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 200, "failed")).outcome())
                    .isEqualTo(Outcome.HANDLED);
            WebhookResponse late = receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 100, "pending"));

            assertThat(late.outcome()).isEqualTo(Outcome.STALE);
            assertThat(late.status()).isEqualTo(200);
            assertThat(late.detail()).hasValueSatisfying(d -> assertThat(d).contains("evt_3").contains("refund re_1"));
            assertThat(heard).last().extracting(WebhookResponse::outcome).isEqualTo(Outcome.STALE);
            assertThat(log.text()).contains("evt_2").contains("skipped").contains("older than event evt_3");
        }
        assertThat(applied).containsExactly("evt_3");
        assertThat(receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 100, "pending")).outcome())
                .as("the stale delivery was completed: its redelivery is a duplicate").isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void transactionalHandlersAreGuardedTooAndAdvanceOnlyAfterTheirTransactionCommits() {
        IdempotencyStore keys = IdempotencyStore.inMemoryBuilder().clock(clock).build();
        boolean[] failNext = {false};
        TransactionalIdempotencyStore store = new TransactionalIdempotencyStore() {
            @Override
            public Result completeWithin(IdempotencyKey key, TransactionWork work) throws Exception {
                ClaimResult claim = keys.claim(key, Duration.ofMinutes(1));
                if (!(claim instanceof ClaimResult.Claimed claimed)) {
                    return Result.ALREADY_COMPLETED;
                }
                try {
                    work.run();
                } catch (Exception e) {
                    keys.release(key, claimed.token());
                    throw e;
                }
                keys.complete(key, claimed.token());
                return Result.COMMITTED;
            }

            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
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
        };
        TransactionalEventHandler handler = event -> {
            if (failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("rolled back");
            }
            applied.add(event.id());
        };
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock)
                .idempotencyStore(store).ordering(ordering().build()).on("refund.*", handler).build();

        failNext[0] = true;
        WebhookResponse failed = receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed"));
        WebhookResponse older = receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));
        WebhookResponse retried = receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed"));
        WebhookResponse late = receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending"));

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(older.outcome()).as("a rolled-back newer event did not advance the version").isEqualTo(Outcome.HANDLED);
        assertThat(retried.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(late.status()).isEqualTo(200);
        assertThat(applied).containsExactly("evt_1", "evt_3");
    }

    @Test
    void eventsInOrderAreAllHandledAndOtherObjectsAreIndependent() {
        WebhookReceiver receiver = receiver(ordering().build()).build();

        receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));
        receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending"));
        receiver.receive(delivery("evt_9", "refund.created", "re_2", TS - 50, "pending"));
        receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed"));

        assertThat(applied).containsExactly("evt_1", "evt_2", "evt_9", "evt_3");
        assertThat(versions.current(new ObjectKey("test", "", "refund", "re_1"))).map(ObjectVersion::eventId).contains("evt_3");
    }

    @Test
    void aSameSecondTieRunsFlaggedWithoutARefetcher() {
        WebhookReceiver receiver = receiver(ordering().build()).build();

        receiver.receive(delivery("evt_a", "refund.updated", "re_1", TS, "pending"));
        WebhookResponse tie = receiver.receive(delivery("evt_b", "refund.failed", "re_1", TS, "failed"));

        assertThat(tie.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_a", "evt_b tie");
    }

    @Test
    void aSameSecondTieRefetchesByDefaultWhenARefetcherIsSet() {
        List<ObjectRef> asked = new ArrayList<>();
        WebhookReceiver receiver = receiver(ordering().refetcher((event, object) -> {
            asked.add(object);
            return "{\"id\":\"re_1\",\"status\":\"failed\"}";
        }).build()).build();

        receiver.receive(delivery("evt_a", "refund.updated", "re_1", TS, "pending"));
        receiver.receive(delivery("evt_b", "refund.failed", "re_1", TS, "failed"));

        assertThat(asked).containsExactly(new ObjectRef("refund", "re_1"));
        assertThat(applied).containsExactly("evt_a", "evt_b tie refetched={\"id\":\"re_1\",\"status\":\"failed\"}");
    }

    @Test
    void refetchedJsonBindsToAView() {
        List<OrderedObjects.RefundState> states = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock)
                .ordering(ordering().whenOlder(OrderingPolicy.REFETCH)
                        .refetcher((event, object) -> "{\"id\":\"" + object.id() + "\",\"status\":\"failed\",\"extra\":1}").build())
                .on("refund.*", e -> states.add(e.isStale()
                        ? e.refetched(OrderedObjects.RefundState.class).orElseThrow()
                        : e.data(OrderedObjects.RefundState.class)))
                .build();

        receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed"));
        receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));

        assertThat(states).containsExactly(new OrderedObjects.RefundState("re_1", "failed"),
                new OrderedObjects.RefundState("re_1", "failed"));
    }

    @Test
    void olderEventsRunFlaggedWhenThePolicySaysSo() {
        WebhookReceiver receiver = receiver(ordering().whenOlder(OrderingPolicy.RUN_FLAGGED).build()).build();

        receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed"));
        WebhookResponse old = receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));

        assertThat(old.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_3", "evt_1 stale");
        assertThat(versions.current(new ObjectKey("test", "", "refund", "re_1"))).map(ObjectVersion::eventId)
                .as("a stale event never moves the version back").contains("evt_3");
    }

    @Test
    void aFailedHandlerDoesNotAdvanceSoItsRetryStillRuns() {
        boolean[] fail = {true};
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock)
                .ordering(ordering().build())
                .on("refund.*", e -> {
                    if (fail[0]) {
                        throw new IllegalStateException("database down for the test");
                    }
                    applied.add(e.id());
                }).build();

        receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));
        assertThat(receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending")).outcome())
                .isEqualTo(Outcome.FAILED);
        fail[0] = false;
        WebhookResponse older = receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));
        WebhookResponse retry = receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending"));

        assertThat(older.outcome()).as("evt_1 failed too, and nothing newer was handled").isEqualTo(Outcome.HANDLED);
        assertThat(retry.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_1", "evt_2");
    }

    @Test
    void anotherEventOfAnObjectBeingHandledIsAnsweredInProgressAndRunsOnRedelivery() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock)
                .ordering(ordering().build())
                .on("refund.*", e -> {
                    if (e.id().equals("evt_1")) {
                        inHandler.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    applied.add(e.id());
                }).build();

        CompletableFuture<WebhookResponse> first = CompletableFuture.supplyAsync(
                () -> receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending")));
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
        WebhookResponse meanwhile = receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending"));
        release.countDown();

        assertThat(meanwhile.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(meanwhile.status()).isEqualTo(409);
        assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(receiver.receive(delivery("evt_2", "refund.updated", "re_1", TS + 1, "pending")).outcome())
                .isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_1", "evt_2");
    }

    @Test
    void eventsWithoutAnObjectAreHandledAsWithoutTheGuardAndTheLogSaysSo() {
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock)
                .ordering(ordering().build()).on("balance.available", e -> applied.add(e.id())).build();

        try (LogCapture log = LogCapture.open()) {
            assertThat(receiver.receive(OrderedObjects.withoutObject("evt_b1")).outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(log.text()).contains("balance.available").contains("does not apply");
        }
        assertThat(applied).containsExactly("evt_b1");
    }

    @Test
    void aSequenceBreaksSameSecondTies() {
        WebhookReceiver receiver = receiver(ordering().build()).build();

        receiver.receive(OrderedObjects.deliveryWithSequence("evt_s2", "re_1", TS, 2));
        WebhookResponse older = receiver.receive(OrderedObjects.deliveryWithSequence("evt_s1", "re_1", TS, 1));
        WebhookResponse newer = receiver.receive(OrderedObjects.deliveryWithSequence("evt_s3", "re_1", TS, 3));

        assertThat(older.outcome()).isEqualTo(Outcome.STALE);
        assertThat(newer.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_s2", "evt_s3");
    }

    @Test
    void anUnavailableVersionStoreAnswers503AndTheRetryRuns() {
        boolean[] down = {true};
        ObjectVersionStore flaky = new ObjectVersionStore() {
            @Override
            public VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
                if (down[0]) {
                    throw new WebhookUnavailableException("version store down for the test", null);
                }
                return versions.claim(key, version, lease);
            }

            @Override
            public boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
                return versions.advance(key, version, token);
            }

            @Override
            public boolean release(ObjectKey key, ClaimToken token) {
                return versions.release(key, token);
            }

            @Override
            public Optional<ObjectVersion> current(ObjectKey key) {
                return versions.current(key);
            }
        };
        WebhookReceiver receiver = receiver(Ordering.builder().store(flaky).build()).build();

        WebhookResponse first = receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));
        down[0] = false;
        WebhookResponse retry = receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending"));

        assertThat(first.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(first.status()).isEqualTo(503);
        assertThat(retry.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(applied).containsExactly("evt_1");
    }

    @Test
    void aFailingRefetcherAnswers503AndFreesTheObject() {
        boolean[] down = {true};
        WebhookReceiver receiver = receiver(ordering().refetcher((event, object) -> {
            if (down[0]) {
                throw new IllegalStateException("provider API down for the test");
            }
            return "{}";
        }).build()).build();

        receiver.receive(delivery("evt_a", "refund.updated", "re_1", TS, "pending"));
        WebhookResponse tie = receiver.receive(delivery("evt_b", "refund.failed", "re_1", TS, "failed"));
        down[0] = false;
        WebhookResponse retry = receiver.receive(delivery("evt_b", "refund.failed", "re_1", TS, "failed"));

        assertThat(tie.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(retry.outcome()).as("the hold was released, not left for its lease").isEqualTo(Outcome.HANDLED);
    }

    @Test
    void inInboxModeTheGuardRunsWhenTheWorkerHandlesTheRow() {
        Inbox inbox = Inbox.inMemory(clock);
        WebhookReceiver receiver = WebhookReceiver.builder().source(OrderedObjects.source()).clock(clock).inbox(inbox)
                .ordering(ordering().build()).on("refund.*", e -> applied.add(e.id())).build();
        InboxProcessor workers = InboxProcessor.builder(receiver, inbox).clock(clock).build();

        assertThat(receiver.receive(delivery("evt_3", "refund.failed", "re_1", TS + 2, "failed")).outcome()).isEqualTo(Outcome.QUEUED);
        workers.runOnce();
        assertThat(receiver.receive(delivery("evt_1", "refund.created", "re_1", TS, "pending")).outcome())
                .as("on arrival the event is only stored").isEqualTo(Outcome.QUEUED);
        workers.runOnce();

        assertThat(applied).containsExactly("evt_3");
        assertThat(inbox.stats()).hasValueSatisfying(s -> assertThat(s.toString()).doesNotContain("dead=1"));
    }

    @Test
    void versionsCompareByTimeThenSequenceAndTieOtherwise() {
        Instant t = Instant.ofEpochSecond(TS);
        ObjectVersion stored = new ObjectVersion(t, java.util.OptionalLong.empty(), "evt_a");
        assertThat(new ObjectVersion(t.plusMillis(1), java.util.OptionalLong.empty(), "evt_b").compareTo(stored))
                .isEqualTo(ObjectVersion.Relation.NEWER);
        assertThat(new ObjectVersion(t.minusSeconds(1), java.util.OptionalLong.of(9), "evt_b").compareTo(stored))
                .isEqualTo(ObjectVersion.Relation.OLDER);
        assertThat(new ObjectVersion(t, java.util.OptionalLong.of(3), "evt_b").compareTo(stored))
                .isEqualTo(ObjectVersion.Relation.TIE);
        assertThat(new ObjectVersion(t, java.util.OptionalLong.empty(), "evt_a").compareTo(stored))
                .isEqualTo(ObjectVersion.Relation.SAME);
        ObjectVersion sequenced = new ObjectVersion(t, java.util.OptionalLong.of(5), "evt_c");
        assertThat(new ObjectVersion(t, java.util.OptionalLong.of(4), "evt_d").compareTo(sequenced))
                .isEqualTo(ObjectVersion.Relation.OLDER);
        assertThat(new ObjectVersion(t, java.util.OptionalLong.of(6), "evt_d").compareTo(sequenced))
                .isEqualTo(ObjectVersion.Relation.NEWER);
    }

    @Test
    void misconfigurationsAreRefusedWithAnExplanation() {
        assertThatThrownBy(() -> Ordering.builder().whenTied(OrderingPolicy.SKIP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be skipped");
        assertThatThrownBy(() -> Ordering.builder().whenOlder(OrderingPolicy.REFETCH).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refetcher(");
        assertThatThrownBy(() -> Ordering.builder().lease(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
        assertThat(Ordering.inMemory().whenTied()).isEqualTo(OrderingPolicy.RUN_FLAGGED);
        assertThat(Ordering.builder().refetcher((e, o) -> "{}").build().whenTied()).isEqualTo(OrderingPolicy.REFETCH);
    }

    @Test
    void eventsCarryNoVerdictWithoutTheGuard() {
        Event event = Event.builder("test", "evt_1", "refund.updated", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orderingObject("refund", "re_1").build();
        assertThat(event.isStale()).isFalse();
        assertThat(event.isTie()).isFalse();
        assertThat(event.refetched(Object.class)).isEmpty();
        assertThat(event.newBuilder().build().orderingObject()).contains(new ObjectRef("refund", "re_1"));
        assertThatThrownBy(() -> Event.builder("test", "e", "t", new byte[0]).orderingObject("refund", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
