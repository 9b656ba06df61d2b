package dev.payhooks.micrometer;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.micrometer.internal.EventTypeLimiter;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.TestScheme;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.payhooks.micrometer.WebhookObservationTest.NOW;
import static dev.payhooks.micrometer.WebhookObservationTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-type tag stays bounded however many distinct types validly signed deliveries carry,
 * also when they arrive on several threads at once.
 */
class EventTypeCardinalityTest {

    private static final int DELIVERIES = 10_000;
    private static final int CAP = 50;

    private final Recording recording = Recording.onPlainRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private WebhookReceiver receiver(PayhooksObservability observability) {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .idempotencyStore(IdempotencyStore.inMemoryBuilder().clock(clock).build())
                .listener(observability.webhookListener()).otherwise(event -> { }).build();
    }

    /** Distinct, plausible types from a seeded generator (the seed is in every assertion message). */
    private static List<String> distinctTypes(long seed, int count) {
        Random random = new Random(seed);
        Set<String> types = new HashSet<>();
        while (types.size() < count) {
            types.add("resource_" + Integer.toString(random.nextInt(1 << 30), 36) + ".updated");
        }
        return new ArrayList<>(types);
    }

    @Test
    void tenThousandDistinctSignedTypesMakeAtMostTheCapPlusOtherAsTagValues() {
        long seed = new Random().nextLong();
        PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
                .maxEventTypes(CAP).build();
        WebhookReceiver receiver = receiver(observability);
        List<String> types = distinctTypes(seed, DELIVERIES);

        for (int i = 0; i < DELIVERIES; i++) {
            WebhookResponse response = receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(),
                    TestScheme.event("evt_" + i, types.get(i))).build());
            assertThat(response.outcome()).as("seed %d, delivery %d", seed, i).isEqualTo(Outcome.HANDLED);
        }

        Set<String> tagged = recording.tagValues("event.type");
        tagged.remove("none"); // the in-flight meter's value, before any type is known
        assertThat(tagged).as("seed %d", seed).hasSize(CAP + 1).contains(EventTypeLimiter.OTHER)
                .containsAll(types.subList(0, CAP));
        assertThat(recording.meters.get(DefaultWebhookObservationConvention.NAME).tag("event.type", EventTypeLimiter.OTHER)
                .timer().count()).as("seed %d", seed).isEqualTo(DELIVERIES - CAP);
        long series = recording.meters.getMeters().stream().map(Meter::getId).distinct().count();
        assertThat(series).as("seed %d: every meter's series, all names and tags together", seed).isLessThan(4L * (CAP + 1) + 20);
        assertThat(recording.stopped(DefaultWebhookObservationConvention.NAME)).hasSize(DELIVERIES);
    }

    @Test
    void theCapIsExactWhenDistinctTypesArriveOnFourThreadsAtOnce() throws Exception {
        long seed = new Random().nextLong();
        PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
                .maxEventTypes(CAP).build();
        WebhookReceiver receiver = receiver(observability);
        List<String> types = distinctTypes(seed, 2_000);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < types.size(); i += threads) {
                        receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(),
                                TestScheme.event("evt_" + i, types.get(i))).build());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> tagged = recording.tagValues("event.type");
        tagged.remove("none"); // the in-flight meter's value, before any type is known
        assertThat(tagged).as("seed %d", seed).hasSize(CAP + 1).contains(EventTypeLimiter.OTHER);
        long other = recording.meters.get(DefaultWebhookObservationConvention.NAME)
                .tag("event.type", EventTypeLimiter.OTHER).timer().count();
        assertThat(other).as("seed %d", seed).isEqualTo(types.size() - CAP);
    }

    @Test
    void aTypeFirstSeenInADuplicateTakesNoSlotButAKnownOneKeepsItsTag() {
        PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
                .maxEventTypes(CAP).build();
        WebhookReceiver receiver = receiver(observability);

        receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event("evt_1", "refund.failed")).build());
        // The same event id again, now claiming another type: a duplicate, whatever it says.
        WebhookResponse relabelled = receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(),
                TestScheme.event("evt_1", "relabelled.by.replayer")).build());
        WebhookResponse plainDuplicate = receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(),
                TestScheme.event("evt_1", "refund.failed")).build());

        assertThat(relabelled.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(plainDuplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(recording.stopped(DefaultWebhookObservationConvention.NAME))
                .extracting(c -> c.getLowCardinalityKeyValue("event.type").getValue())
                .containsExactly("refund.failed", "other", "refund.failed");
        assertThat(recording.tagValues("event.type")).doesNotContain("relabelled.by.replayer");
    }

    @Test
    void knownTypesAreAlwaysTaggedEvenWithNoFreeSlots() {
        PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
                .maxEventTypes(0).knownEventTypes(List.of("refund.failed")).build();
        WebhookReceiver receiver = receiver(observability);

        receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event("evt_1", "charge.updated")).build());
        receiver.receive(TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event("evt_2", "refund.failed")).build());

        assertThat(recording.stopped(DefaultWebhookObservationConvention.NAME))
                .extracting(c -> c.getLowCardinalityKeyValue("event.type").getValue())
                .containsExactly("other", "refund.failed");
    }

    @Test
    void anImplausiblyLongTypeIsOtherAndTakesNoSlot() {
        EventTypeLimiter limiter = new EventTypeLimiter(2, List.of());
        String huge = "t".repeat(EventTypeLimiter.MAX_TYPE_LENGTH + 1);

        assertThat(limiter.tagFor(huge, true)).isEqualTo(EventTypeLimiter.OTHER);
        assertThat(limiter.tagFor("a", true)).isEqualTo("a");
        assertThat(limiter.tagFor("b", true)).isEqualTo("b");
        assertThat(limiter.tagFor("c", true)).isEqualTo(EventTypeLimiter.OTHER);
        assertThat(limiter.tagFor("a", false)).as("admitted types keep their tag").isEqualTo("a");
        assertThat(limiter.admittedCount()).isEqualTo(2);
    }
}
