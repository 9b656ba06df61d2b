package dev.payhooks.inbox;

import dev.payhooks.PipelineStep;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox listener callbacks that time each step of an attempt, and the one for an attempt that could not be recorded. */
class InboxListenerStepsTest {

    private static final String SECRET = "inbox_steps_secret";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final Inbox memory = Inbox.inMemory(clock);
    private final Recorder recorder = new Recorder();
    private volatile boolean failHandler;

    /** TestScheme whose decoder takes 5 ms of the processor's clock. */
    private WebhookSource slowSource() {
        WebhookSource base = TestScheme.source(SECRET);
        return new WebhookSource(base.provider(), base.verifier(), (request, verification) -> {
            clock.advance(Duration.ofMillis(5));
            return base.decoder().decode(request, verification);
        });
    }

    /** The in-memory inbox whose writes of a result take 13 ms, and whose markDone can be down. */
    private Inbox slowInbox(boolean markDoneDown) {
        return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
            if (method.getName().startsWith("mark")) {
                clock.advance(Duration.ofMillis(13));
                if (markDoneDown && method.getName().equals("markDone")) {
                    throw new WebhookUnavailableException("inbox down for the test", null);
                }
            }
            try {
                return method.invoke(memory, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private InboxProcessor processor(Inbox inbox, int maxAttempts) {
        WebhookReceiver receiver = WebhookReceiver.builder().source(slowSource()).clock(clock).inbox(inbox)
                .on("refund.failed", event -> {
                    clock.advance(Duration.ofMillis(17));
                    if (failHandler) {
                        throw new IllegalStateException("mail server down");
                    }
                }).build();
        return InboxProcessor.builder(receiver, inbox).clock(clock).random(new Random(7)).maxAttempts(maxAttempts)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).listener(recorder).build();
    }

    private WebhookRequest delivery(String id) {
        return TestScheme.signed(SECRET, clock.instant().getEpochSecond(), TestScheme.event(id, "refund.failed")).build();
    }

    @Test
    void successfulAttemptReportsDecodeHandleCompleteThenSucceeded() {
        Inbox inbox = slowInbox(false);
        InboxProcessor processor = processor(inbox, 3);
        slowReceiver(inbox).receive(delivery("evt_1"));
        recorder.calls.clear();

        processor.runOnce();

        assertThat(recorder.calls).containsExactly("started 1", "DECODE ok 5 ms", "HANDLE ok 17 ms", "COMPLETE ok 13 ms",
                "succeeded 35 ms");
    }

    @Test
    void failingAttemptsReportAFailedHandleThenTheRetryThenTheDeath() {
        failHandler = true;
        Inbox inbox = slowInbox(false);
        InboxProcessor processor = processor(inbox, 2);
        slowReceiver(inbox).receive(delivery("evt_1"));
        recorder.calls.clear();

        processor.runOnce();
        clock.advance(Duration.ofSeconds(2));
        processor.runOnce();

        assertThat(recorder.calls).containsExactly(
                "started 1", "DECODE ok 5 ms", "HANDLE failed IllegalStateException 17 ms", "MARK_RETRY ok 13 ms", "retry",
                "started 2", "DECODE ok 5 ms", "HANDLE failed IllegalStateException 17 ms", "MARK_DEAD ok 13 ms", "dead");
    }

    @Test
    void anAttemptWhoseResultCannotBeRecordedIsReportedAsAbortedAndRethrown() {
        Inbox inbox = slowInbox(true);
        InboxProcessor processor = processor(inbox, 3);
        slowReceiver(inbox).receive(delivery("evt_1"));
        recorder.calls.clear();

        assertThatThrownBy(processor::runOnce).isInstanceOf(WebhookUnavailableException.class);

        assertThat(recorder.calls).containsExactly("started 1", "DECODE ok 5 ms", "HANDLE ok 17 ms",
                "COMPLETE failed WebhookUnavailableException 13 ms", "aborted WebhookUnavailableException");
        assertThat(memory.stats().orElseThrow().running()).as("the row stays claimed until its lease expires").isEqualTo(1);
    }

    private WebhookReceiver slowReceiver(Inbox inbox) {
        return WebhookReceiver.builder().source(slowSource()).clock(clock).inbox(inbox).on("refund.failed", event -> { }).build();
    }

    /** Writes every callback as a line, durations in whole milliseconds. */
    private static final class Recorder implements InboxListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStarted(InboxMessage message) {
            calls.add("started " + message.attempts());
        }

        @Override
        public void onStepCompleted(InboxMessage message, PipelineStep step, Duration elapsed) {
            calls.add(step + " ok " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onStepFailed(InboxMessage message, PipelineStep step, Duration elapsed, Throwable failure) {
            calls.add(step + " failed " + failure.getClass().getSimpleName() + " " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onSucceeded(InboxMessage message, Duration elapsed) {
            calls.add("succeeded " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onRetryScheduled(InboxMessage message, Duration delay, Throwable failure) {
            calls.add("retry");
        }

        @Override
        public void onDead(InboxMessage message, Throwable failure) {
            calls.add("dead");
        }

        @Override
        public void onAborted(InboxMessage message, Throwable failure) {
            calls.add("aborted " + failure.getClass().getSimpleName());
        }
    }
}
