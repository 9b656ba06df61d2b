package dev.payhooks.micrometer;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.Inbox;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.payhooks.micrometer.WebhookObservationTest.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inbox gauges through a scripted life of two rows, attempt observations, counters and step timers. */
class InboxObservationTest {

    private static final String SECRET = "inbox_observed_secret";
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ATTEMPT = DefaultInboxObservationConvention.NAME;

    private final MutableClock clock = new MutableClock(T0);
    private final Inbox memory = Inbox.inMemory(clock);
    private final Recording recording = new Recording();
    private final List<String> seenByHandler = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failing = true;
    private volatile boolean watchingGauges;

    private PayhooksObservability observability(Duration refresh) {
        return PayhooksObservability.builder(recording.observations, recording.meters).clock(clock).inboxStatsRefresh(refresh)
                .build();
    }

    private WebhookReceiver receiver(PayhooksObservability observability, Inbox inbox) {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(inbox)
                .listener(observability.webhookListener())
                .on("refund.failed", event -> {
                    if (watchingGauges) {
                        seenByHandler.add(event.id() + " " + gauges());
                    }
                    if (failing) {
                        throw new IllegalStateException("mail server down");
                    }
                }).build();
    }

    private InboxProcessor processor(PayhooksObservability observability, WebhookReceiver receiver, Inbox inbox) {
        return InboxProcessor.builder(receiver, inbox).clock(clock).random(new Random(3)).threads(1).maxAttempts(2)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).listener(observability.inboxListener()).build();
    }

    private WebhookRequest delivery(String id) {
        return TestScheme.signed(SECRET, clock.instant().getEpochSecond(), TestScheme.event(id, "refund.failed")).build();
    }

    /** The four gauges of the inbox named "webhooks", as one line. */
    private String gauges() {
        return "pending=" + rows("pending") + " running=" + rows("running") + " dead=" + rows("dead") + " age="
                + format(recording.meters.get("payhooks.inbox.oldest.pending.age").tag("inbox", "webhooks").timeGauge()
                .value(TimeUnit.SECONDS)) + "s";
    }

    private String rows(String status) {
        return format(recording.meters.get("payhooks.inbox.rows").tag("inbox", "webhooks").tag("status", status).gauge().value());
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "NaN" : Long.toString(Math.round(value));
    }

    private double count(String counter) {
        return recording.meters.get(counter).tag("provider", "test").tag("event.type", "refund.failed").counter().count();
    }

    @Test
    void gaugesCountersAndObservationsFollowTwoRowsThroughStoreClaimFailRetryDeadAndReplay() {
        PayhooksObservability observability = observability(Duration.ZERO);
        assertThat(observability.bindInbox("webhooks", memory)).isTrue();
        watchingGauges = true;
        WebhookReceiver receiver = receiver(observability, memory);
        InboxProcessor processor = processor(observability, receiver, memory);
        assertThat(gauges()).isEqualTo("pending=0 running=0 dead=0 age=0s");

        // store
        assertThat(receiver.receive(delivery("evt_1")).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(gauges()).isEqualTo("pending=1 running=0 dead=0 age=0s");
        clock.advance(Duration.ofSeconds(10));
        receiver.receive(delivery("evt_2"));
        assertThat(gauges()).as("the oldest pending row is evt_1").isEqualTo("pending=2 running=0 dead=0 age=10s");

        // claim, fail, retry scheduled
        clock.advance(Duration.ofSeconds(5));
        assertThat(processor.runOnce()).isEqualTo(1);
        assertThat(seenByHandler).containsExactly("evt_1 pending=1 running=1 dead=0 age=5s");
        assertThat(gauges()).as("evt_1 waits for its retry").isEqualTo("pending=2 running=0 dead=0 age=15s");
        assertThat(count("payhooks.inbox.retried")).isEqualTo(1);

        // the retry fails too: dead
        clock.advance(Duration.ofSeconds(2));
        processor.runOnce();
        assertThat(gauges()).isEqualTo("pending=1 running=0 dead=1 age=7s");
        assertThat(count("payhooks.inbox.dead")).isEqualTo(1);

        // replay, then both succeed
        assertThat(memory.replayAllDeadWithoutReverifying()).isEqualTo(1);
        assertThat(gauges()).isEqualTo("pending=2 running=0 dead=0 age=17s");
        failing = false;
        processor.runOnce();
        processor.runOnce();
        assertThat(gauges()).isEqualTo("pending=0 running=0 dead=0 age=0s");
        assertThat(count("payhooks.inbox.retried")).isEqualTo(1);
        assertThat(count("payhooks.inbox.dead")).isEqualTo(1);

        List<Observation.Context> attempts = recording.stopped(ATTEMPT);
        assertThat(attempts).extracting(c -> c.getHighCardinalityKeyValue("payhooks.event.id").getValue() + " attempt "
                        + c.getHighCardinalityKeyValue("payhooks.inbox.attempt").getValue() + " "
                        + c.getLowCardinalityKeyValue("outcome").getValue())
                .containsExactly("evt_1 attempt 1 RETRY_SCHEDULED", "evt_1 attempt 2 DEAD", "evt_1 attempt 1 SUCCEEDED",
                        "evt_2 attempt 1 SUCCEEDED");
        assertThat(asMap(attempts.get(0).getLowCardinalityKeyValues()))
                .isEqualTo(Map.of("provider", "test", "event.type", "refund.failed", "outcome", "RETRY_SCHEDULED"));
        assertThat(attempts.get(0).getHighCardinalityKeyValue("payhooks.inbox.row").getValue()).isEqualTo("1");
        assertThat(attempts).extracting(c -> c.getError() == null ? "none" : c.getError().getClass().getSimpleName())
                .containsExactly("IllegalStateException", "IllegalStateException", "none", "none");
        assertThat(recording.meters.get(ATTEMPT).tag("outcome", "SUCCEEDED").timer().count()).isEqualTo(2);

        assertThat(recording.meters.get("payhooks.inbox.decode").timer().count()).isEqualTo(4);
        assertThat(recording.meters.get("payhooks.inbox.handler").tag("error", "IllegalStateException").timer().count())
                .isEqualTo(2);
        assertThat(recording.meters.get("payhooks.inbox.handler").tag("error", "none").tag("event.type", "refund.failed")
                .timer().count()).isEqualTo(2);
        assertThat(recording.meters.get("payhooks.inbox.store").tag("operation", "mark_retry").timer().count()).isEqualTo(1);
        assertThat(recording.meters.get("payhooks.inbox.store").tag("operation", "mark_dead").timer().count()).isEqualTo(1);
        assertThat(recording.meters.get("payhooks.inbox.store").tag("operation", "complete").timer().count()).isEqualTo(2);
        assertThat(recording.meters.get("payhooks.webhook.store").tag("operation", "enqueue").timer().count()).isEqualTo(2);
    }

    @Test
    void oneStatisticsQueryServesEveryGaugeReadWithinTheRefreshInterval() {
        AtomicInteger queries = new AtomicInteger();
        Inbox counted = wrap(memory, (proxy, method, args) -> {
            if (method.getName().equals("stats")) {
                queries.incrementAndGet();
            }
            return null;
        });
        PayhooksObservability observability = observability(Duration.ofSeconds(5));
        observability.bindInbox("webhooks", counted);
        WebhookReceiver receiver = receiver(observability, counted);
        queries.set(0);

        assertThat(gauges()).isEqualTo("pending=0 running=0 dead=0 age=0s");
        receiver.receive(delivery("evt_1"));
        assertThat(gauges()).as("still the answer of the first read").isEqualTo("pending=0 running=0 dead=0 age=0s");
        clock.advance(Duration.ofSeconds(5));
        assertThat(gauges()).isEqualTo("pending=1 running=0 dead=0 age=5s");

        assertThat(queries).hasValue(2);
    }

    @Test
    void anInboxThatCannotCountGetsNoGauges() {
        Inbox silent = wrap(memory, (proxy, method, args) -> method.getName().equals("stats")
                ? InvocationHandler.invokeDefault(proxy, method, args) : null);

        assertThat(observability(Duration.ZERO).bindInbox("webhooks", silent)).isFalse();
        assertThat(recording.meters.find("payhooks.inbox.rows").gauges()).isEmpty();
        assertThat(recording.meters.find("payhooks.inbox.oldest.pending.age").timeGauges()).isEmpty();
    }

    @Test
    void gaugesReadNaNWhileTheInboxIsUnreachableAndRecoverAfter() {
        boolean[] down = {true};
        Inbox flaky = wrap(memory, (proxy, method, args) -> {
            if (method.getName().equals("stats") && down[0]) {
                throw new WebhookUnavailableException("database down", null);
            }
            return null;
        });
        PayhooksObservability observability = observability(Duration.ZERO);

        assertThat(observability.bindInbox("webhooks", flaky)).as("registered although unreachable now").isTrue();
        assertThat(gauges()).isEqualTo("pending=NaN running=NaN dead=NaN age=NaNs");
        down[0] = false;
        receiver(observability, flaky).receive(delivery("evt_1"));
        assertThat(gauges()).isEqualTo("pending=1 running=0 dead=0 age=0s");
    }

    @Test
    void anAttemptWhoseResultCannotBeRecordedEndsAsAbortedAndLeavesNoScopeOpen() {
        Inbox broken = wrap(memory, (proxy, method, args) -> {
            if (method.getName().equals("markDone")) {
                throw new WebhookUnavailableException("database down", null);
            }
            return null;
        });
        failing = false;
        PayhooksObservability observability = observability(Duration.ZERO);
        WebhookReceiver receiver = receiver(observability, broken);
        InboxProcessor processor = processor(observability, receiver, broken);
        receiver.receive(delivery("evt_1"));

        assertThatThrownBy(processor::runOnce).isInstanceOf(WebhookUnavailableException.class);

        assertThat(recording.stopped(ATTEMPT)).singleElement().satisfies(context -> {
            assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("ABORTED");
            assertThat(context.getError()).isInstanceOf(WebhookUnavailableException.class);
        });
        assertThat(recording.meters.get("payhooks.inbox.store").tag("operation", "complete")
                .tag("error", "WebhookUnavailableException").timer().count()).isEqualTo(1);
        assertThat(recording.observations.getCurrentObservation()).isNull();
    }

    @Test
    void handlersObservationsNestInsideTheAttempt() {
        failing = false;
        PayhooksObservability observability = observability(Duration.ZERO);
        List<String> parents = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(memory)
                .on("refund.failed", event -> parents.add(recording.observations.getCurrentObservation().getContext().getName()))
                .build();
        InboxProcessor processor = processor(observability, receiver, memory);
        receiver.receive(delivery("evt_1"));

        processor.runOnce();

        assertThat(parents).containsExactly(ATTEMPT);
        TestObservationRegistryAssert.assertThat(recording.tested()).hasObservationWithNameEqualTo(ATTEMPT).that()
                .hasBeenStarted().hasBeenStopped().hasLowCardinalityKeyValue("outcome", "SUCCEEDED");
    }

    @Test
    void aReplacedInboxConventionNamesTheAttempt() {
        failing = false;
        PayhooksObservability observability = PayhooksObservability.builder(recording.observations, recording.meters)
                .inboxConvention(new DefaultInboxObservationConvention() {
                    @Override
                    public String getName() {
                        return "shop.inbox.attempt";
                    }
                }).build();
        WebhookReceiver receiver = receiver(observability, memory);
        receiver.receive(delivery("evt_1"));

        processor(observability, receiver, memory).runOnce();

        TestObservationRegistryAssert.assertThat(recording.tested()).hasObservationWithNameEqualTo("shop.inbox.attempt")
                .that().hasLowCardinalityKeyValue("outcome", "SUCCEEDED");
        assertThat(recording.stopped(ATTEMPT)).isEmpty();
    }

    /**
     * The in-memory inbox behind a proxy: {@code before} runs first for every call; when it returns
     * non-null that is the answer, otherwise the call goes to the in-memory inbox.
     */
    private static Inbox wrap(Inbox target, InvocationHandler before) {
        return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
            Object answer = before.invoke(proxy, method, args);
            if (answer != null) {
                return answer;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
