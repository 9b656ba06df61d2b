package dev.payhooks.inbox;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.InMemoryInbox;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class InboxProcessorTest {

    private static final String SECRET = "inbox_secret";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryInbox inbox = (InMemoryInbox) Inbox.inMemory(clock);

    private WebhookRequest delivery(String id, String type) {
        return TestScheme.signed(SECRET, clock.instant().getEpochSecond(), TestScheme.event(id, type)).build();
    }

    @Test
    void inboxModeAnswersOnceStoredWithoutRunningTheHandler() {
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(inbox)
                .on("refund.failed", e -> runs.incrementAndGet()).build();

        WebhookResponse first = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse duplicate = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse unhandled = receiver.receive(delivery("evt_2", "other.type"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(unhandled.outcome()).as("nothing to run, nothing stored").isEqualTo(Outcome.UNHANDLED);
        assertThat(runs).hasValue(0);
        assertThat(inbox.all()).hasSize(1).first().satisfies(m -> {
            assertThat(m.eventId()).isEqualTo("evt_1");
            assertThat(m.eventType()).isEqualTo("refund.failed");
            assertThat(m.receivedAt()).isEqualTo(NOW);
            assertThat(m.headers()).containsKey("x-test-timestamp")
                    .as("signatures are not stored with the row").doesNotContainKey("x-test-signature");
        });
    }

    @Test
    void unavailableInboxIsAnswered503AndNothingRuns() {
        Inbox down = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] {Inbox.class},
                (proxy, method, args) -> {
                    throw new WebhookUnavailableException("database down", null);
                });
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(down)
                .on("refund.failed", e -> runs.incrementAndGet()).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(runs).hasValue(0);
    }

    @Test
    void handlerFailingNTimesRunsNPlusOneTimesWithGrowingDelays() {
        int failures = 4;
        AtomicInteger attempts = new AtomicInteger();
        List<Duration> delays = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(inbox)
                .on("refund.failed", e -> {
                    if (attempts.incrementAndGet() <= failures) {
                        throw new IllegalStateException("mail server down");
                    }
                }).build();
        InboxProcessor processor = InboxProcessor.builder(receiver, inbox).clock(clock).random(new Random(42))
                .backoff(Duration.ofSeconds(10), Duration.ofHours(1)).maxAttempts(8)
                .listener(new InboxListener() {
                    @Override
                    public void onRetryScheduled(InboxMessage message, Duration delay, Throwable failure) {
                        delays.add(delay);
                    }
                }).build();
        receiver.receive(delivery("evt_1", "refund.failed"));

        for (int round = 0; round < 20 && attempts.get() < failures + 1; round++) {
            if (processor.runOnce() == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        // Nothing runs early: each retry waited at least its delay on the injected clock.
        int spinsWithoutWork = 0;
        while (attempts.get() < failures + 1 && spinsWithoutWork++ < 100_000) {
            clock.advance(Duration.ofSeconds(1));
            processor.runOnce();
        }

        assertThat(attempts).hasValue(failures + 1);
        assertThat(delays).hasSize(failures);
        for (int i = 1; i < delays.size(); i++) {
            assertThat(delays.get(i)).as("delay %d grows", i).isGreaterThanOrEqualTo(delays.get(i - 1));
        }
        assertThat(delays.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(delays.get(3)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(80));
        assertThat(inbox.all()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(InboxMessage.Status.DONE));
    }

    @Test
    void aRetryIsNotRunBeforeItsDelay() {
        AtomicInteger attempts = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(inbox)
                .on("refund.failed", e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("down");
                }).build();
        InboxProcessor processor = InboxProcessor.builder(receiver, inbox).clock(clock).random(new Random(1))
                .backoff(Duration.ofSeconds(10), Duration.ofMinutes(10)).build();
        receiver.receive(delivery("evt_1", "refund.failed"));

        processor.runOnce();
        clock.advance(Duration.ofSeconds(4));
        processor.runOnce();
        assertThat(attempts).as("the first delay is at least 5 s").hasValue(1);
        clock.advance(Duration.ofSeconds(7));
        processor.runOnce();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anUnavailableConfirmationWhileDecodingIsRetriedNotDead() {
        AtomicInteger decodes = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        EventDecoder plain = TestScheme.decoder();
        EventDecoder flaky = (request, verification) -> {
            // Up on arrival, down for the worker's first attempt, up again after.
            if (decodes.incrementAndGet() == 2) {
                throw new WebhookUnavailableException("confirmation API down", null);
            }
            return plain.decode(request, verification);
        };
        WebhookSource source = new WebhookSource("test", TestScheme.source(SECRET).verifier(), flaky);
        WebhookReceiver receiver = WebhookReceiver.builder().source(source).clock(clock).inbox(inbox)
                .on("refund.failed", e -> runs.incrementAndGet()).build();
        InboxProcessor processor = InboxProcessor.builder(receiver, inbox).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).build();
        receiver.receive(delivery("evt_1", "refund.failed"));

        processor.runOnce();
        assertThat(inbox.all()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(InboxMessage.Status.PENDING));
        clock.advance(Duration.ofSeconds(3));
        processor.runOnce();

        assertThat(runs).hasValue(1);
        assertThat(inbox.all()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(InboxMessage.Status.DONE));
    }

    @Test
    void handlerFailingForeverIsDeadAfterMaxAttemptsAndReplayRunsItAgain() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger deadCalls = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(inbox)
                .on("refund.failed", e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("permanent failure for " + e.id());
                }).build();
        InboxProcessor processor = InboxProcessor.builder(receiver, inbox).clock(clock).maxAttempts(3)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .listener(new InboxListener() {
                    @Override
                    public void onDead(InboxMessage message, Throwable failure) {
                        deadCalls.incrementAndGet();
                    }
                }).build();
        receiver.receive(delivery("evt_1", "refund.failed"));

        for (int i = 0; i < 50; i++) {
            processor.runOnce();
            clock.advance(Duration.ofSeconds(5));
        }

        assertThat(attempts).hasValue(3);
        assertThat(deadCalls).hasValue(1);
        List<InboxMessage> dead = inbox.listDead(10);
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.attempts()).isEqualTo(3);
            assertThat(m.lastError()).contains("java.lang.IllegalStateException: permanent failure for evt_1");
        });

        assertThat(inbox.replayDeadWithoutReverifying(dead.get(0).id())).isTrue();
        processor.runOnce();
        assertThat(attempts).hasValue(4);
    }

    @Test
    void workersRunEveryStoredEventExactlyOnceInTheBackground() throws Exception {
        int events = 200;
        CountDownLatch done = new CountDownLatch(events);
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).inbox(inbox)
                .clock(clock).on("payment.succeeded", e -> {
                    handled.add(e.id());
                    done.countDown();
                }).build();
        try (InboxProcessor processor = InboxProcessor.builder(receiver, inbox).threads(4)
                .pollInterval(Duration.ofMillis(5)).build()) {
            processor.start();
            for (int i = 0; i < events; i++) {
                receiver.receive(delivery("evt_" + i, "payment.succeeded"));
                receiver.receive(delivery("evt_" + i, "payment.succeeded"));
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(handled).hasSize(events).doesNotHaveDuplicates();
    }

    @Test
    void aResultThatCannotBeRecordedIsLoggedAndTheWorkersCarryOn() throws Exception {
        AtomicInteger markDoneCalls = new AtomicInteger();
        Inbox flaky = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(),
                new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
                    if (method.getName().equals("markDone") && markDoneCalls.incrementAndGet() == 1) {
                        throw new WebhookUnavailableException("inbox down for the test", null);
                    }
                    try {
                        return method.invoke(inbox, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CountDownLatch done = new CountDownLatch(2);
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).inbox(flaky).clock(clock)
                .on("payment.succeeded", e -> done.countDown()).build();
        Queue<Throwable> escaped = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        Executor watched = task -> pool.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                escaped.add(e);
                throw e;
            }
        });
        try (LogCapture logs = LogCapture.open();
             InboxProcessor processor = InboxProcessor.builder(receiver, flaky).executor(watched).threads(1)
                     .pollInterval(Duration.ofMillis(5)).build()) {
            receiver.receive(delivery("evt_unrecorded", "payment.succeeded"));
            receiver.receive(delivery("evt_next", "payment.succeeded"));
            processor.start();

            assertThat(done.await(30, TimeUnit.SECONDS)).as("both handlers ran on the one worker").isTrue();
            assertThat(escaped).as("no exception escaped to the pool thread").isEmpty();
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("could not record the result of row").contains("evt_unrecorded"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(inbox.all()).filteredOn(m -> m.eventId().equals("evt_unrecorded"))
                .extracting(InboxMessage::status).as("still claimed, attempted again after its lease")
                .containsExactly(InboxMessage.Status.RUNNING);
    }

    @Test
    void aBusyInboxIsDrainedWithoutWaitingForThePollInterval() throws Exception {
        int events = 50;
        CountDownLatch done = new CountDownLatch(events);
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).inbox(inbox).clock(clock)
                .on("payment.succeeded", e -> done.countDown()).build();
        for (int i = 0; i < events; i++) {
            receiver.receive(delivery("evt_busy_" + i, "payment.succeeded"));
        }
        // An hour between idle polls: only the first poll and the workers' own wake-ups can drain it.
        try (InboxProcessor processor = InboxProcessor.builder(receiver, inbox).threads(2)
                .pollInterval(Duration.ofHours(1)).build()) {
            processor.start();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeGivesUnstartedRowsBackAndFinishesRunningOnes() throws Exception {
        Queue<Runnable> parked = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Executor parkingExecutor = parked::add;
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).inbox(inbox).clock(clock)
                .on("refund.failed", e -> runs.incrementAndGet()).build();
        receiver.receive(delivery("evt_1", "refund.failed"));
        receiver.receive(delivery("evt_2", "refund.failed"));
        InboxProcessor processor = InboxProcessor.builder(receiver, inbox).executor(parkingExecutor).threads(2)
                .pollInterval(Duration.ofMillis(5)).shutdownTimeout(Duration.ofSeconds(5)).build();
        processor.start();
        while (parked.size() < 2) {
            Thread.onSpinWait();
        }

        Thread closer = new Thread(processor::close);
        closer.start();
        while (!processor.isClosing()) {
            Thread.onSpinWait();
        }
        // The executor only now runs the tasks it accepted: the processor is closing, so they give their rows back.
        while (closer.isAlive()) {
            Runnable task = parked.poll();
            if (task != null) {
                task.run();
            }
        }
        closer.join();

        assertThat(runs).hasValue(0);
        assertThat(processor.returnedOnShutdown()).isEqualTo(2);
        assertThat(inbox.all()).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(InboxMessage.Status.PENDING);
            assertThat(m.attempts()).isZero();
        });
    }
}
