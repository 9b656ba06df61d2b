package dev.payhooks.micrometer;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One observation per delivery, with the documented name and tags for every outcome, and the step timers. */
class WebhookObservationTest {

    static final String SECRET = "observed_secret";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String RECEIVE = DefaultWebhookObservationConvention.NAME;

    private final Recording recording = new Recording();
    private final MutableClock clock = new MutableClock(NOW);
    private final PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
            .build();
    private final IdempotencyStore store = IdempotencyStore.inMemoryBuilder().clock(clock).build();

    private WebhookReceiver.Builder receiver() {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).idempotencyStore(store)
                .listener(observability.webhookListener());
    }

    static WebhookRequest delivery(String id, String type) {
        return TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event(id, type)).build();
    }

    /** One outcome: how to produce it, and the tags its observation must have. */
    record Scenario(String name, Function<WebhookObservationTest, WebhookResponse> run, String outcome, String reason,
                    String status, String eventType, String eventId, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> outcomes() {
        return Stream.of(
                new Scenario("handled", t -> t.receiver().on("refund.failed", e -> { }).build()
                        .receive(delivery("evt_1", "refund.failed")),
                        "HANDLED", "none", "200", "refund.failed", "evt_1", null),
                new Scenario("duplicate", t -> {
                    WebhookReceiver receiver = t.receiver().on("refund.failed", e -> { }).build();
                    receiver.receive(delivery("evt_1", "refund.failed"));
                    return receiver.receive(delivery("evt_1", "refund.failed"));
                }, "DUPLICATE", "none", "200", "refund.failed", "evt_1", null),
                new Scenario("in progress elsewhere (a type first seen there takes no slot)", t -> {
                    t.store.claim(new IdempotencyKey(TestScheme.PROVIDER, "", "evt_1"), Duration.ofMinutes(5));
                    return t.receiver().on("refund.failed", e -> { }).build().receive(delivery("evt_1", "refund.failed"));
                }, "IN_PROGRESS", "none", "409", "other", "evt_1", null),
                new Scenario("filtered", t -> t.receiver().filter(e -> false).on("refund.failed", e -> { }).build()
                        .receive(delivery("evt_1", "refund.failed")),
                        "FILTERED", "none", "200", "refund.failed", "evt_1", null),
                new Scenario("unhandled", t -> t.receiver().build().receive(delivery("evt_1", "charge.updated")),
                        "UNHANDLED", "none", "200", "charge.updated", "evt_1", null),
                new Scenario("rejected: wrong secret", t -> t.receiver().on("refund.failed", e -> { }).build()
                        .receive(TestScheme.signed("wrong", NOW.getEpochSecond(), TestScheme.event("evt_1", "refund.failed")).build()),
                        "REJECTED", "NO_MATCHING_SIGNATURE", "401", "none", null, null),
                new Scenario("rejected: stale timestamp", t -> t.receiver().on("refund.failed", e -> { }).build()
                        .receive(TestScheme.signed(SECRET, NOW.getEpochSecond() - 301, TestScheme.event("evt_1", "refund.failed")).build()),
                        "REJECTED", "TIMESTAMP_TOO_OLD", "401", "none", null, null),
                new Scenario("rejected: verified body that is not JSON", t -> t.receiver().on("refund.failed", e -> { }).build()
                        .receive(TestScheme.signed(SECRET, NOW.getEpochSecond(), "{\"id\":".getBytes(StandardCharsets.UTF_8)).build()),
                        "REJECTED", "MALFORMED_JSON", "400", "none", null, null),
                new Scenario("rejected by the adapter", t -> t.receiver().build()
                        .rejectBeforeReceiving(RejectionReason.BODY_TOO_LARGE, "Content-Length 2000000"),
                        "REJECTED", "BODY_TOO_LARGE", "413", "none", null, null),
                new Scenario("rejected by the adapter: body cut short", t -> t.receiver().build()
                        .rejectBeforeReceiving(RejectionReason.INCOMPLETE_BODY, "the body transfer broke off"),
                        "REJECTED", "INCOMPLETE_BODY", "400", "none", null, null),
                new Scenario("overloaded: memory budget exhausted", t -> {
                    WebhookReceiver receiver = t.receiver().memoryBudget(dev.payhooks.MemoryBudget.ofBytes(1024))
                            .maxBodyBytes(1024).build();
                    try (dev.payhooks.BodyBuffer first = receiver.newBodyBuffer(-1);
                         dev.payhooks.BodyBuffer second = receiver.newBodyBuffer(-1)) {
                        // The first body takes the whole 1 KiB budget; the second does not fit.
                        assertThat(first.append(new byte[1000], 0, 1000)).isTrue();
                        assertThat(second.append(new byte[10], 0, 10)).isFalse();
                        return second.refusal().orElseThrow();
                    }
                }, "OVERLOADED", "none", "503", "none", null, null),
                new Scenario("queued", t -> WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(t.clock)
                        .inbox(Inbox.inMemory(t.clock)).listener(t.observability.webhookListener()).on("refund.failed", e -> { })
                        .build().receive(delivery("evt_1", "refund.failed")),
                        "QUEUED", "none", "200", "refund.failed", "evt_1", null),
                new Scenario("failed: handler threw", t -> t.receiver().on("refund.failed", e -> {
                    throw new IllegalStateException("downstream timeout");
                }).build().receive(delivery("evt_1", "refund.failed")),
                        "FAILED", "none", "500", "refund.failed", "evt_1", "IllegalStateException"),
                new Scenario("unavailable: store down", t -> WebhookReceiver.builder().source(TestScheme.source(SECRET))
                        .clock(t.clock).idempotencyStore(downStore()).listener(t.observability.webhookListener())
                        .on("refund.failed", e -> { }).build().receive(delivery("evt_1", "refund.failed")),
                        "UNAVAILABLE", "none", "503", "refund.failed", "evt_1", "WebhookUnavailableException"),
                new Scenario("aborted: an Error escaped the handler", t -> {
                    WebhookReceiver receiver = t.receiver().on("refund.failed", e -> {
                        throw new StackOverflowError("deep");
                    }).build();
                    assertThatThrownBy(() -> receiver.receive(delivery("evt_1", "refund.failed")))
                            .isInstanceOf(StackOverflowError.class);
                    return null;
                }, "ABORTED", "none", "none", "none", null, "StackOverflowError"));
    }

    @org.junit.jupiter.api.Test
    void aDeliveryBeyondTheConcurrencyLimitIsObservedAsOverloadedWithNothingTheSenderChose() throws Exception {
        java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WebhookReceiver receiver = receiver().maxConcurrentDeliveries(1).on("slow.type", e -> {
            inHandler.countDown();
            release.await();
        }).build();
        Thread busy = new Thread(() -> receiver.receive(delivery("evt_busy", "slow.type")));
        busy.start();
        WebhookResponse overloaded;
        try {
            assertThat(inHandler.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            overloaded = receiver.receive(delivery("evt_attacker_chosen", "attacker.chosen.type"));
        } finally {
            release.countDown();
            busy.join(10_000);
        }

        assertThat(overloaded.outcome().name()).isEqualTo("OVERLOADED");
        assertThat(recording.stopped(RECEIVE)).hasSize(2).anySatisfy(context -> {
            assertThat(asMap(context.getLowCardinalityKeyValues())).containsEntry("outcome", "OVERLOADED")
                    .containsEntry("status", "503").containsEntry("event.type", "none").containsEntry("reason", "none");
            assertThat(asMap(context.getHighCardinalityKeyValues())).isEmpty();
        });
        assertThat(recording.meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().toString())
                .doesNotContain("attacker").doesNotContain("evt_attacker_chosen"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void everyOutcomeEndsItsDeliverysObservationWithTheDocumentedTags(Scenario scenario) {
        WebhookResponse response = scenario.run().apply(this);

        if (response != null) {
            assertThat(response.outcome().name()).as("the scenario produces its outcome").isEqualTo(scenario.outcome());
        }
        List<Observation.Context> deliveries = recording.stopped(RECEIVE);
        assertThat(deliveries).isNotEmpty();
        Observation.Context last = deliveries.get(deliveries.size() - 1);
        assertThat(last.getContextualName()).isEqualTo("payhooks test");
        assertThat(asMap(last.getLowCardinalityKeyValues())).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "provider", "test",
                "endpoint", "test",
                "outcome", scenario.outcome(),
                "reason", scenario.reason(),
                "status", scenario.status(),
                "event.type", scenario.eventType())));
        assertThat(asMap(last.getHighCardinalityKeyValues())).isEqualTo(
                scenario.eventId() == null ? Map.of() : Map.of("payhooks.event.id", scenario.eventId()));
        if (scenario.error() == null) {
            assertThat(last.getError()).isNull();
        } else {
            assertThat(last.getError()).isNotNull();
            assertThat(last.getError().getClass().getSimpleName()).isEqualTo(scenario.error());
        }
        // Micrometer's meter handler made a timer of it, with the same tags and the error class.
        Timer timer = recording.meters.get(RECEIVE).tag("outcome", scenario.outcome()).tag("reason", scenario.reason())
                .tag("status", scenario.status()).tag("event.type", scenario.eventType())
                .tag("error", scenario.error() == null ? "none" : scenario.error()).timer();
        assertThat(timer.count()).isEqualTo(1);
        TestObservationRegistryAssert.assertThat(recording.tested())
                .hasNumberOfObservationsWithNameEqualTo(RECEIVE, deliveries.size());
        assertThat(recording.observations.getCurrentObservation()).as("no scope left open").isNull();
    }

    @Test
    void stepTimersRecordEachStepsDurationOnTheReceiversClock() {
        WebhookSource base = TestScheme.source(SECRET);
        WebhookSource slow = new WebhookSource(base.provider(), (request, now) -> {
            clock.advance(Duration.ofMillis(3));
            return base.verifier().verify(request, now);
        }, (request, verification) -> {
            clock.advance(Duration.ofMillis(5));
            return base.decoder().decode(request, verification);
        });
        WebhookReceiver receiver = WebhookReceiver.builder().source(slow).clock(clock).idempotencyStore(slowStore())
                .listener(observability.webhookListener())
                .filter(event -> {
                    clock.advance(Duration.ofMillis(7));
                    return true;
                })
                .on("refund.failed", event -> clock.advance(Duration.ofMillis(17))).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(millis("payhooks.webhook.verify")).isEqualTo(3);
        assertThat(millis("payhooks.webhook.decode")).isEqualTo(5);
        assertThat(millis("payhooks.webhook.filter")).isEqualTo(7);
        assertThat(millis("payhooks.webhook.store", "operation", "claim")).isEqualTo(11);
        assertThat(millis("payhooks.webhook.handler", "event.type", "refund.failed")).isEqualTo(17);
        assertThat(millis("payhooks.webhook.store", "operation", "complete")).isEqualTo(13);
        assertThat(recording.meters.get("payhooks.webhook.verify").timer().getId().getTags())
                .extracting(tag -> tag.getKey() + "=" + tag.getValue())
                .containsExactlyInAnyOrder("provider=test", "endpoint=test", "error=none");
    }

    @Test
    void failedStepsCarryTheExceptionClassNeverItsMessage() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> {
            throw new IllegalStateException("customer jane@example.com not found");
        }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));
        receiver.receive(TestScheme.signed("wrong", NOW.getEpochSecond(), TestScheme.event("evt_2", "refund.failed")).build());

        assertThat(recording.meters.get("payhooks.webhook.handler").tag("error", "IllegalStateException").timer().count())
                .isEqualTo(1);
        assertThat(recording.meters.get("payhooks.webhook.store").tag("operation", "release").tag("error", "none")
                .timer().count()).isEqualTo(1);
        assertThat(recording.meters.get("payhooks.webhook.verify").tag("error", "WebhookVerificationException")
                .timer().count()).isEqualTo(1);
        assertThat(recording.tagValues("error")).allSatisfy(value -> assertThat(value).doesNotContain("jane"));
    }

    @Test
    void handlersOwnObservationsNestInsideTheDelivery() {
        AtomicReference<Observation> inHandler = new AtomicReference<>();
        WebhookReceiver receiver = receiver().on("refund.failed", e -> {
            Observation work = Observation.start("shop.refund.update", recording.observations);
            inHandler.set(work);
            work.stop();
        }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(inHandler.get().getContext().getParentObservation()).isNotNull();
        assertThat(inHandler.get().getContext().getParentObservation().getContextView().getName()).isEqualTo(RECEIVE);
        TestObservationRegistryAssert.assertThat(recording.tested()).hasObservationWithNameEqualTo("shop.refund.update")
                .that().hasParentObservationContextMatching(parent -> RECEIVE.equals(parent.getName()));
    }

    @Test
    void aReceiverCalledFromAHandlerIsObservedAsAChildAndBothEnd() {
        WebhookReceiver inner = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(observability.webhookListener("inner")).on("inner.event", e -> { }).build();
        WebhookReceiver outer = receiver().on("refund.failed", e -> inner.receive(delivery("evt_inner", "inner.event"))).build();

        outer.receive(delivery("evt_outer", "refund.failed"));

        List<Observation.Context> deliveries = recording.stopped(RECEIVE);
        assertThat(deliveries).extracting(c -> c.getLowCardinalityKeyValue("endpoint").getValue()).containsExactly("inner", "test");
        assertThat(deliveries.get(0).getParentObservation().getContextView().getLowCardinalityKeyValue("endpoint").getValue())
                .isEqualTo("test");
        assertThat(deliveries).allSatisfy(c -> assertThat(c.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("HANDLED"));
    }

    @Test
    void anAbortedDeliveryLeavesNothingOpenForTheNextOneOnTheSameThread() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> {
            if (e.id().equals("evt_boom")) {
                throw new StackOverflowError();
            }
        }).build();

        assertThatThrownBy(() -> receiver.receive(delivery("evt_boom", "refund.failed"))).isInstanceOf(StackOverflowError.class);
        receiver.receive(delivery("evt_2", "refund.failed"));

        List<Observation.Context> deliveries = recording.stopped(RECEIVE);
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(1).getParentObservation()).as("not nested under the aborted one").isNull();
        assertThat(recording.observations.getCurrentObservation()).isNull();
    }

    @Test
    void eventIdAndTenantAreSpanAttributesAndNeverMetricTags() {
        SecretResolver perTenant = SecretResolver.perTenant(TenantKey.queryParameter("merchant"),
                tenant -> tenant.equals("m_4711") ? List.of(WebhookSecret.of("secret_of_m_4711")) : List.of());
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(perTenant)).clock(clock)
                .listener(observability.webhookListener()).on("refund.failed", e -> { }).build();

        WebhookResponse response = receiver.receive(TestScheme.signed("secret_of_m_4711", NOW.getEpochSecond(),
                TestScheme.event("evt_90125", "refund.failed")).queryParameter("merchant", "m_4711").build());

        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        Observation.Context context = recording.stopped(RECEIVE).get(0);
        assertThat(asMap(context.getHighCardinalityKeyValues()))
                .isEqualTo(Map.of("payhooks.event.id", "evt_90125", "payhooks.tenant", "m_4711"));
        assertThat(asMap(context.getLowCardinalityKeyValues()).values()).doesNotContain("evt_90125", "m_4711");
        recording.meters.getMeters().forEach(meter -> assertThat(meter.getId().getTags())
                .as(meter.getId().getName()).noneMatch(tag -> tag.getValue().contains("4711") || tag.getValue().contains("90125")));
    }

    @Test
    void anUnknownTenantsRejectionCarriesNothingTheSenderNamed() {
        SecretResolver perTenant = SecretResolver.perTenant(TenantKey.queryParameter("merchant"), tenant -> List.of());
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(perTenant)).clock(clock)
                .listener(observability.webhookListener()).build();

        WebhookResponse response = receiver.receive(TestScheme.signed("x", NOW.getEpochSecond(),
                TestScheme.event("evt_1", "refund.failed")).queryParameter("merchant", "m_chosen_by_sender").build());

        assertThat(response.reason()).contains(RejectionReason.UNKNOWN_TENANT);
        assertThat(recording.everythingRecorded()).noneMatch(s -> s.contains("m_chosen_by_sender"));
        assertThat(recording.stopped(RECEIVE).get(0).getHighCardinalityKeyValues()).isEmpty();
    }

    @Test
    void aListenerServesOneReceiver() {
        var listener = observability.webhookListener();
        WebhookReceiver.builder().source(TestScheme.source(SECRET)).listener(listener).build();

        assertThatThrownBy(() -> WebhookReceiver.builder().source(TestScheme.source(SECRET)).listener(listener).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("once for each receiver");
    }

    @Test
    void anEndpointNameTellsTwoReceiversOfOneProviderApart() {
        WebhookReceiver live = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(observability.webhookListener("test-live")).build();
        WebhookReceiver sandbox = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(observability.webhookListener("test-sandbox")).build();

        live.receive(delivery("evt_1", "refund.failed"));
        sandbox.receive(delivery("evt_1", "refund.failed"));
        sandbox.receive(delivery("evt_2", "refund.failed"));

        assertThat(recording.meters.get(RECEIVE).tag("endpoint", "test-live").timer().count()).isEqualTo(1);
        assertThat(recording.meters.get(RECEIVE).tag("endpoint", "test-sandbox").timer().count()).isEqualTo(2);
        assertThat(recording.stopped(RECEIVE)).extracting(Observation.Context::getContextualName)
                .containsExactly("payhooks test-live", "payhooks test-sandbox", "payhooks test-sandbox");
        assertThatThrownBy(() -> observability.webhookListener(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplacedConventionNamesAndTagsTheObservation() {
        PayhooksObservability custom = PayhooksObservability.builder(recording.observations, recording.meters)
                .webhookConvention(new DefaultWebhookObservationConvention() {
                    @Override
                    public String getName() {
                        return "shop.webhooks";
                    }

                    @Override
                    public KeyValues getLowCardinalityKeyValues(WebhookObservationContext context) {
                        return super.getLowCardinalityKeyValues(context).and("region", "th");
                    }
                }).build();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(custom.webhookListener()).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        TestObservationRegistryAssert.assertThat(recording.tested()).hasObservationWithNameEqualTo("shop.webhooks")
                .that().hasLowCardinalityKeyValue("region", "th").hasLowCardinalityKeyValue("outcome", "UNHANDLED");
        assertThat(recording.stopped(RECEIVE)).isEmpty();
    }

    @Test
    void metricsOnlyFactoryRecordsTheDeliveryTimerWithoutAnObservationRegistry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(PayhooksObservability.of(meters).webhookListener()).on("refund.failed", e -> { }).build();

        receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(meters.get(RECEIVE).tag("outcome", "HANDLED").tag("event.type", "refund.failed").timer().count()).isEqualTo(1);
        assertThat(meters.get("payhooks.webhook.handler").timer().count()).isEqualTo(1);
    }

    @Test
    void aThrowingObservationHandlerNeverChangesTheAnswer() {
        ObservationRegistry broken = ObservationRegistry.create();
        broken.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStart(Observation.Context context) {
                throw new IllegalStateException("tracing backend bug");
            }
        });
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .listener(PayhooksObservability.of(broken, new SimpleMeterRegistry()).webhookListener())
                .on("refund.failed", e -> { }).build();

        assertThat(receiver.receive(delivery("evt_1", "refund.failed")).status()).isEqualTo(200);
        assertThat(receiver.receive(TestScheme.signed("wrong", NOW.getEpochSecond(),
                TestScheme.event("evt_2", "refund.failed")).build()).status()).isEqualTo(401);
    }

    private long millis(String name, String... tags) {
        return (long) recording.meters.get(name).tags(tags).timer().totalTime(TimeUnit.MILLISECONDS);
    }

    static Map<String, String> asMap(KeyValues keyValues) {
        return keyValues.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b, TreeMap::new));
    }

    private IdempotencyStore slowStore() {
        return new IdempotencyStore() {
            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
                clock.advance(Duration.ofMillis(11));
                return store.claim(key, lease);
            }

            @Override
            public boolean complete(IdempotencyKey key, ClaimToken token) {
                clock.advance(Duration.ofMillis(13));
                return store.complete(key, token);
            }

            @Override
            public boolean release(IdempotencyKey key, ClaimToken token) {
                return store.release(key, token);
            }
        };
    }

    static IdempotencyStore downStore() {
        return new IdempotencyStore() {
            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
                throw new WebhookUnavailableException("database down", null);
            }

            @Override
            public boolean complete(IdempotencyKey key, ClaimToken token) {
                throw new WebhookUnavailableException("database down", null);
            }

            @Override
            public boolean release(IdempotencyKey key, ClaimToken token) {
                throw new WebhookUnavailableException("database down", null);
            }
        };
    }
}
