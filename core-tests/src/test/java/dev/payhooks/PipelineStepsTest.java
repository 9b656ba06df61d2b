package dev.payhooks;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.WebhookSource;
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
 * The listener callbacks that time each step of a delivery: which steps are reported, in which
 * order, with which durations (every step moves a hand-driven clock by its own amount, so a
 * duration reported for the wrong step shows), and that a throwing listener never changes the
 * answer.
 */
class PipelineStepsTest {

    private static final String SECRET = "steps_secret";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final IdempotencyStore memory = IdempotencyStore.inMemoryBuilder().clock(clock).build();
    private final Recorder recorder = new Recorder();

    /** TestScheme's verifier and decoder, each taking a known time on the receiver's clock. */
    private WebhookSource slowSource() {
        WebhookSource base = TestScheme.source(SECRET);
        return new WebhookSource(base.provider(), (request, now) -> {
            clock.advance(Duration.ofMillis(3));
            return base.verifier().verify(request, now);
        }, (request, verification) -> {
            clock.advance(Duration.ofMillis(5));
            return base.decoder().decode(request, verification);
        });
    }

    /** The in-memory store, each operation taking a known time; optionally down. */
    private IdempotencyStore slowStore(boolean down) {
        return new IdempotencyStore() {
            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
                clock.advance(Duration.ofMillis(11));
                if (down) {
                    throw new WebhookUnavailableException("store down for the test", null);
                }
                return memory.claim(key, lease);
            }

            @Override
            public boolean complete(IdempotencyKey key, ClaimToken token) {
                clock.advance(Duration.ofMillis(13));
                return memory.complete(key, token);
            }

            @Override
            public boolean release(IdempotencyKey key, ClaimToken token) {
                clock.advance(Duration.ofMillis(19));
                return memory.release(key, token);
            }
        };
    }

    private WebhookReceiver.Builder receiver() {
        return WebhookReceiver.builder().source(slowSource()).clock(clock).idempotencyStore(slowStore(false)).listener(recorder);
    }

    private WebhookRequest delivery(String id, String type) {
        return TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event(id, type)).build();
    }

    @Test
    void handledDeliveryReportsEveryStepInOrderWithItsOwnDuration() {
        WebhookReceiver receiver = receiver()
                .filter(event -> {
                    clock.advance(Duration.ofMillis(7));
                    return true;
                })
                .on("refund.failed", event -> clock.advance(Duration.ofMillis(17)))
                .build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(recorder.calls).containsExactly(
                "attached test",
                "received",
                "VERIFY ok 3 ms",
                "DECODE ok 5 ms",
                "FILTER ok 7 ms",
                "CLAIM ok 11 ms",
                "HANDLE ok 17 ms",
                "COMPLETE ok 13 ms",
                "completed HANDLED 56 ms");
    }

    @Test
    void forgedDeliveryReportsOnlyItsFailedVerification() {
        WebhookReceiver receiver = receiver().on("refund.failed", event -> { }).build();

        WebhookResponse response = receiver.receive(
                TestScheme.signed("not_the_secret", NOW.getEpochSecond(), TestScheme.event("evt_f", "refund.failed")).build());

        assertThat(response.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(recorder.calls).containsExactly("attached test", "received",
                "VERIFY failed WebhookVerificationException(NO_MATCHING_SIGNATURE) 3 ms", "completed REJECTED 3 ms");
    }

    @Test
    void filteredOutEventEndsWithACompletedFilterStep() {
        WebhookReceiver receiver = receiver().filter(event -> false).on("refund.failed", event -> { }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "FILTER ok 0 ms", "completed FILTERED 8 ms");
    }

    @Test
    void noFilterNoHandlerMeansNeitherStepIsReported() {
        WebhookReceiver receiver = receiver().build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.outcome()).isEqualTo(Outcome.UNHANDLED);
        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "completed UNHANDLED 8 ms");
    }

    @Test
    void throwingFilterIsAFailedFilterStep() {
        WebhookReceiver receiver = receiver().filter(event -> {
            clock.advance(Duration.ofMillis(7));
            throw new IllegalStateException("filter bug");
        }).on("refund.failed", event -> { }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(recorder.calls).contains("FILTER failed IllegalStateException 7 ms", "completed FAILED 15 ms")
                .noneMatch(call -> call.startsWith("CLAIM"));
    }

    @Test
    void failingHandlerReportsAFailedHandleStepThenTheRelease() {
        WebhookReceiver receiver = receiver().on("refund.failed", event -> {
            clock.advance(Duration.ofMillis(17));
            throw new IllegalStateException("downstream timeout");
        }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "CLAIM ok 11 ms", "HANDLE failed IllegalStateException 17 ms", "RELEASE ok 19 ms", "completed FAILED 55 ms");
    }

    @Test
    void unavailableStoreIsAFailedClaimStep() {
        WebhookReceiver receiver = WebhookReceiver.builder().source(slowSource()).clock(clock)
                .idempotencyStore(slowStore(true)).listener(recorder).on("refund.failed", event -> { }).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "CLAIM failed WebhookUnavailableException 11 ms", "completed UNAVAILABLE 19 ms");
    }

    @Test
    void inboxModeReportsTheEnqueueStep() {
        WebhookReceiver receiver = WebhookReceiver.builder().source(slowSource()).clock(clock).inbox(Inbox.inMemory(clock))
                .listener(recorder).on("refund.failed", event -> { }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "ENQUEUE ok 0 ms", "completed QUEUED 8 ms");
    }

    @Test
    void listenersThrowingFromEveryCallbackChangeNoAnswerAndOthersStillHearEverything() {
        WebhookListener broken = new WebhookListener() {
            @Override
            public void onReceived(WebhookRequest request) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void onStepCompleted(PipelineStep step, Duration elapsed) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void onStepFailed(PipelineStep step, Duration elapsed, Throwable failure) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void onCompleted(WebhookResponse response, Duration elapsed) {
                throw new IllegalStateException("broken");
            }
        };
        WebhookReceiver receiver = WebhookReceiver.builder().source(slowSource()).clock(clock).idempotencyStore(slowStore(false))
                .listener(broken).listener(recorder)
                .on("refund.failed", event -> {
                    if (event.id().equals("evt_fail")) {
                        throw new IllegalStateException("handler");
                    }
                }).build();

        WebhookResponse handled = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse failed = receiver.receive(delivery("evt_fail", "refund.failed"));
        WebhookResponse forged = receiver.receive(
                TestScheme.signed("not_the_secret", NOW.getEpochSecond(), TestScheme.event("evt_2", "refund.failed")).build());

        assertThat(handled.status()).isEqualTo(200);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(recorder.calls).filteredOn(call -> call.startsWith("completed"))
                .containsExactly("completed HANDLED 32 ms", "completed FAILED 38 ms", "completed REJECTED 3 ms");
    }

    @Test
    void anErrorEscapingAHandlerIsReportedAsAbortedAndRethrown() {
        WebhookReceiver receiver = receiver().on("refund.failed", event -> {
            clock.advance(Duration.ofMillis(17));
            throw new StackOverflowError("deep recursion in the handler");
        }).build();

        assertThatThrownBy(() -> receiver.receive(delivery("evt_1", "refund.failed"))).isInstanceOf(StackOverflowError.class);

        assertThat(recorder.calls).containsExactly("attached test", "received", "VERIFY ok 3 ms", "DECODE ok 5 ms",
                "CLAIM ok 11 ms", "aborted StackOverflowError 36 ms");
    }

    @Test
    void adapterRejectionsReportNoStep() {
        WebhookReceiver receiver = receiver().build();

        receiver.rejectBeforeReceiving(RejectionReason.BODY_TOO_LARGE, "Content-Length 2000000");

        assertThat(recorder.calls).containsExactly("attached test", "completed REJECTED 0 ms");
    }

    @Test
    void listenersAreAttachedOnceEachBuildAndTheirRefusalFailsTheBuild() {
        List<WebhookReceiver> attached = Collections.synchronizedList(new ArrayList<>());
        WebhookListener oneReceiverOnly = new WebhookListener() {
            @Override
            public void onAttached(WebhookReceiver receiver) {
                if (!attached.isEmpty()) {
                    throw new IllegalStateException("this listener serves one receiver; create one per receiver");
                }
                attached.add(receiver);
            }
        };
        WebhookReceiver.Builder builder = WebhookReceiver.builder().source(TestScheme.source(SECRET)).listener(oneReceiverOnly);

        WebhookReceiver first = builder.build();

        assertThat(attached).containsExactly(first);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("one per receiver");
    }

    /** Writes every callback as a line, durations in whole milliseconds. */
    private static final class Recorder implements WebhookListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAttached(WebhookReceiver receiver) {
            calls.add("attached " + receiver.provider());
        }

        @Override
        public void onReceived(WebhookRequest request) {
            calls.add("received");
        }

        @Override
        public void onStepCompleted(PipelineStep step, Duration elapsed) {
            calls.add(step + " ok " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onStepFailed(PipelineStep step, Duration elapsed, Throwable failure) {
            String reason = failure instanceof WebhookVerificationException e ? "(" + e.reason() + ")" : "";
            calls.add(step + " failed " + failure.getClass().getSimpleName() + reason + " " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onCompleted(WebhookResponse response, Duration elapsed) {
            calls.add("completed " + response.outcome() + " " + elapsed.toMillis() + " ms");
        }

        @Override
        public void onAborted(Throwable error, Duration elapsed) {
            calls.add("aborted " + error.getClass().getSimpleName() + " " + elapsed.toMillis() + " ms");
        }
    }
}
