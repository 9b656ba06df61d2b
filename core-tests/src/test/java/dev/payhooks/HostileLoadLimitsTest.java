package dev.payhooks;

import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits that keep an unauthenticated sender from exhausting memory or threads: the body
 * buffer grows only with bytes that arrived and takes them from the memory budget, and the
 * receiver runs at most {@code maxConcurrentDeliveries} deliveries at once.
 */
class HostileLoadLimitsTest {

    private static final String SECRET = "test_secret_4f0c2a";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long TS = NOW.getEpochSecond();

    private final MutableClock clock = new MutableClock(NOW);
    private final List<WebhookResponse> completed = Collections.synchronizedList(new ArrayList<>());
    private final WebhookListener recorder = new WebhookListener() {
        @Override
        public void onCompleted(WebhookResponse response, Duration elapsed) {
            completed.add(response);
        }
    };

    private WebhookReceiver.Builder receiver() {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).listener(recorder);
    }

    @Test
    void aDeclaredLengthReservesNothingUntilBytesArrive() {
        MemoryBudget budget = MemoryBudget.ofBytes(16L << 20);
        WebhookReceiver receiver = receiver().memoryBudget(budget).build();
        List<BodyBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            BodyBuffer body = receiver.newBodyBuffer(1 << 20);
            assertThat(body.append(new byte[] {'{'}, 0, 1)).isTrue();
            buffers.add(body);
        }

        // 1,000 senders that each declared 1 MiB and sent one byte hold 8 KiB each (8 MB in all), not
        // the 1 GB their declarations add up to.
        assertThat(budget.used()).isEqualTo(1000L * 8192);
        buffers.forEach(BodyBuffer::close);
        assertThat(budget.used()).isZero();
    }

    @Test
    void growthFollowsArrivalsAndTheLastArrayIsTheBodyWithoutACopy() {
        MemoryBudget budget = MemoryBudget.ofBytes(8L << 20);
        WebhookReceiver receiver = receiver().memoryBudget(budget).build();
        byte[] body = TestScheme.event("evt_growth", "refund.failed");
        byte[] padded = Arrays.copyOf(body, 100_000);
        Arrays.fill(padded, body.length, padded.length, (byte) ' ');

        try (BodyBuffer buffer = receiver.newBodyBuffer(padded.length)) {
            long previous = 0;
            for (int offset = 0; offset < padded.length; offset += 1000) {
                assertThat(buffer.append(padded, offset, Math.min(1000, padded.length - offset))).isTrue();
                long used = budget.used();
                // Never more than twice what arrived (plus the first 8 KiB), never more than declared.
                assertThat(used).isLessThanOrEqualTo(Math.max(8192, 2L * buffer.size())).isLessThanOrEqualTo(padded.length);
                assertThat(used).isGreaterThanOrEqualTo(previous);
                previous = used;
            }
            assertThat(budget.used()).isEqualTo(padded.length);
            WebhookRequest request = buffer.toRequest().build();
            assertThat(request.body()).isEqualTo(padded);
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void aBodySentWithoutALengthIsBoundedByTheLimit() {
        WebhookReceiver receiver = receiver().maxBodyBytes(10_000).build();
        try (BodyBuffer buffer = receiver.newBodyBuffer(-1)) {
            assertThat(buffer.append(new byte[10_000], 0, 10_000)).isTrue();
            assertThat(buffer.append(new byte[1], 0, 1)).isFalse();
            assertThat(buffer.refusal()).hasValueSatisfying(answer -> {
                assertThat(answer.status()).isEqualTo(413);
                assertThat(answer.reason()).contains(RejectionReason.BODY_TOO_LARGE);
            });
            assertThat(buffer.append(ByteBuffer.wrap(new byte[1]))).as("stays refused").isFalse();
            assertThatThrownBy(buffer::toRequest).isInstanceOf(IllegalStateException.class);
        }
        assertThat(completed).extracting(WebhookResponse::status).containsExactly(413);
    }

    @Test
    void anExhaustedBudgetIsAnswered503WithRetryAfterAndGivenBackOnClose() {
        MemoryBudget budget = MemoryBudget.ofBytes(64 * 1024);
        WebhookReceiver receiver = receiver().memoryBudget(budget).maxBodyBytes(64 * 1024).build();
        byte[] kib = new byte[1024];
        List<BodyBuffer> open = new ArrayList<>();
        BodyBuffer refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            BodyBuffer body = receiver.newBodyBuffer(16 * 1024);
            open.add(body);
            for (int k = 0; k < 16; k++) {
                if (!body.append(kib, 0, kib.length)) {
                    refused = body;
                    break;
                }
            }
        }

        assertThat(refused).as("the fifth 16 KiB body no longer fits in 64 KiB").isNotNull();
        assertThat(open).hasSize(5);
        assertThat(budget.used()).isLessThanOrEqualTo(budget.capacity());
        WebhookResponse answer = refused.refusal().orElseThrow();
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.outcome()).isEqualTo(Outcome.OVERLOADED);
        assertThat(answer.headers()).containsEntry("Retry-After", "5");
        assertThat(completed).extracting(WebhookResponse::outcome).containsExactly(Outcome.OVERLOADED);

        open.forEach(BodyBuffer::close);
        assertThat(budget.used()).isZero();
        try (BodyBuffer again = receiver.newBodyBuffer(16 * 1024)) {
            assertThat(again.append(new byte[16 * 1024], 0, 16 * 1024)).as("room again after close").isTrue();
        }
    }

    @Test
    void concurrentBuffersNeverTakeMoreThanTheBudget() throws Exception {
        long seed = System.nanoTime();
        MemoryBudget budget = MemoryBudget.ofBytes(1L << 20);
        WebhookReceiver receiver = receiver().memoryBudget(budget).maxBodyBytes(256 * 1024).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger refusals = new AtomicInteger();
        // First every thread holds a full-size body at the same time (8 x 256 KiB against 1 MiB), so
        // the budget is certainly reached however the threads are scheduled; then random sizes.
        CyclicBarrier allHolding = new CyclicBarrier(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                futures.add(pool.submit(() -> {
                    try (BodyBuffer held = receiver.newBodyBuffer(256 * 1024)) {
                        byte[] chunk = new byte[16 * 1024];
                        for (int sent = 0; sent < 256 * 1024; sent += chunk.length) {
                            if (!held.append(chunk, 0, chunk.length)) {
                                refusals.incrementAndGet();
                                break;
                            }
                            assertThat(budget.used()).as("seed %d", seed).isLessThanOrEqualTo(budget.capacity());
                        }
                        allHolding.await(60, TimeUnit.SECONDS);
                    }
                    for (int round = 0; round < 200; round++) {
                        int length = 1 + random.nextInt(256 * 1024);
                        try (BodyBuffer body = receiver.newBodyBuffer(random.nextBoolean() ? length : -1)) {
                            byte[] chunk = new byte[1 + random.nextInt(16 * 1024)];
                            for (int sent = 0; sent < length; sent += chunk.length) {
                                if (!body.append(chunk, 0, Math.min(chunk.length, length - sent))) {
                                    refusals.incrementAndGet();
                                    break;
                                }
                                assertThat(budget.used()).as("seed %d", seed).isLessThanOrEqualTo(budget.capacity());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(budget.used()).as("seed %d: everything given back", seed).isZero();
        assertThat(refusals.get()).as("seed %d: the budget was reached at times", seed).isPositive();
    }

    @Test
    void rejectsABudgetSmallerThanTheBodyLimit() {
        assertThatThrownBy(() -> receiver().memoryBudget(MemoryBudget.ofBytes(4096)).maxBodyBytes(8192).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("memory budget (4096 bytes) is smaller than maxBodyBytes (8192)");
        assertThatThrownBy(() -> MemoryBudget.ofBytes(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1024 bytes");
        assertThatThrownBy(() -> receiver().maxConcurrentDeliveries(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void deliveriesBeyondTheConcurrencyLimitAreAnswered503AtOnceAndNothingRuns() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = receiver().maxConcurrentDeliveries(3).on("refund.failed", event -> {
            runs.incrementAndGet();
            inHandler.countDown();
            release.await();
        }).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<WebhookResponse>> busy = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "evt_busy_" + i;
                busy.add(pool.submit(() -> receiver.receive(TestScheme.signed(SECRET, TS,
                        TestScheme.event(id, "refund.failed")).build())));
            }
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();

            WebhookResponse overloaded = receiver.receive(TestScheme.signed(SECRET, TS,
                    TestScheme.event("evt_extra", "refund.failed")).build());

            assertThat(overloaded.status()).isEqualTo(503);
            assertThat(overloaded.outcome()).isEqualTo(Outcome.OVERLOADED);
            assertThat(overloaded.headers()).containsEntry("Retry-After", "5");
            assertThat(overloaded.event()).as("nothing was verified or decoded").isEmpty();
            assertThat(runs.get()).isEqualTo(3);
            release.countDown();
            for (Future<WebhookResponse> future : busy) {
                assertThat(future.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        // The permit came back: the extra delivery's retry is handled.
        WebhookResponse retry = receiver.receive(TestScheme.signed(SECRET, TS,
                TestScheme.event("evt_extra", "refund.failed")).build());
        assertThat(retry.status()).isEqualTo(200);
        assertThat(runs.get()).isEqualTo(4);
        assertThat(completed).extracting(WebhookResponse::outcome)
                .containsOnlyOnce(Outcome.OVERLOADED).filteredOn(o -> o == Outcome.HANDLED).hasSize(4);
    }

    @Test
    void theOverloadRetryAfterIsConfigurable() {
        ResponsePolicy policy = ResponsePolicy.builder().overloadedRetryAfter(Duration.ofSeconds(42)).build();
        assertThat(policy.reply(Outcome.OVERLOADED, null).headers()).containsEntry("Retry-After", "42");
        assertThat(policy.reply(Outcome.OVERLOADED, null).status()).isEqualTo(503);
        assertThat(ResponsePolicy.defaults().reply(Outcome.REJECTED, RejectionReason.BODY_READ_TIMEOUT).status())
                .isEqualTo(408);
        assertThat(ResponsePolicy.defaults().reply(Outcome.REJECTED, RejectionReason.INCOMPLETE_BODY).status())
                .isEqualTo(400);
    }
}
