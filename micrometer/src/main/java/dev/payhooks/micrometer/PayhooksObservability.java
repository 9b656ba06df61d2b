package dev.payhooks.micrometer;

import dev.payhooks.PipelineStep;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.micrometer.internal.EventTypeLimiter;
import dev.payhooks.micrometer.internal.InboxStatsSampler;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer observations and meters for payhooks receivers and inbox workers. Build one per
 * application and hand its listeners to your receivers and processors:
 *
 * <pre>{@code
 * PayhooksObservability observability = PayhooksObservability.of(observationRegistry, meterRegistry);
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(secret))
 *         .listener(observability.webhookListener())          // one per receiver
 *         .on("payment_intent.succeeded", orders::markPaid)
 *         .build();
 * }</pre>
 *
 * <p>What it records (names and tags are listed in the module's README and in
 * {@link PayhooksObservationDocumentation}):
 * <ul>
 *   <li>an observation {@code payhooks.webhook.receive} per delivery and
 *       {@code payhooks.inbox.attempt} per inbox attempt, on the {@link ObservationRegistry}: your
 *       observation handlers turn them into timers (Spring Boot's meter handler, or the one
 *       {@link #of(MeterRegistry)} installs) and spans (Micrometer Tracing); handlers' own
 *       observations nest inside them;</li>
 *   <li>on the {@link MeterRegistry}: timers for each step ({@code payhooks.webhook.verify},
 *       {@code .decode}, {@code .filter}, {@code .handler}, {@code .store}; {@code payhooks.inbox.decode},
 *       {@code .handler}, {@code .store}), counters {@code payhooks.inbox.retried} and
 *       {@code payhooks.inbox.dead}, and, for each inbox you {@linkplain #bindInbox bind}, gauges
 *       {@code payhooks.inbox.rows} and {@code payhooks.inbox.oldest.pending.age}.</li>
 * </ul>
 *
 * <p>Cardinality is bounded: tags hold configuration (provider, endpoint), enums (outcome, reason,
 * step, status) and the type of verified events, of which the first
 * {@linkplain Builder#maxEventTypes distinct ones} get their own value and the rest share
 * {@code other}. A delivery that fails verification contributes nothing it carried. The event id
 * and tenant are span attributes (high cardinality), never tags. Thread-safe.
 *
 * @since 0.1.0
 */
public final class PayhooksObservability {

    private static final Logger log = LoggerFactory.getLogger(PayhooksObservability.class);

    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final WebhookObservationConvention webhookConvention;
    private final InboxObservationConvention inboxConvention;
    private final EventTypeLimiter eventTypes;
    private final Clock clock;
    private final Duration inboxStatsRefresh;

    private static final WebhookObservationConvention DEFAULT_WEBHOOK = new DefaultWebhookObservationConvention();
    private static final InboxObservationConvention DEFAULT_INBOX = new DefaultInboxObservationConvention();

    private PayhooksObservability(Builder b) {
        this.observations = b.observations;
        this.meters = b.meters;
        this.webhookConvention = b.webhookConvention;
        this.inboxConvention = b.inboxConvention;
        this.eventTypes = new EventTypeLimiter(b.maxEventTypes, b.knownEventTypes);
        this.clock = b.clock;
        this.inboxStatsRefresh = b.inboxStatsRefresh;
    }

    /**
     * Observations on your registry (traces, and timers if it has a meter handler, as Spring Boot's
     * has), meters on your meter registry, default settings.
     *
     * @param observations the observation registry
     * @param meters the meter registry for step timers, counters and gauges
     * @return the instance
     */
    public static PayhooksObservability of(ObservationRegistry observations, MeterRegistry meters) {
        return builder(observations, meters).build();
    }

    /**
     * Metrics only, without tracing: the observations go to a registry of their own whose only
     * handler records them as timers on {@code meters}.
     *
     * @param meters the meter registry
     * @return the instance
     */
    public static PayhooksObservability of(MeterRegistry meters) {
        return builder(meters).build();
    }

    /**
     * A builder for observations on your registry and meters on your meter registry.
     *
     * @param observations the observation registry
     * @param meters the meter registry
     * @return a new builder
     */
    public static Builder builder(ObservationRegistry observations, MeterRegistry meters) {
        return new Builder(Objects.requireNonNull(observations, "observations"), Objects.requireNonNull(meters, "meters"));
    }

    /**
     * A builder for metrics only; see {@link #of(MeterRegistry)}.
     *
     * @param meters the meter registry
     * @return a new builder
     */
    public static Builder builder(MeterRegistry meters) {
        Objects.requireNonNull(meters, "meters");
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return new Builder(observations, meters);
    }

    /**
     * A listener for one receiver, tagged with the receiver's provider as its endpoint name. Add it
     * with {@link WebhookReceiver.Builder#listener}; each receiver needs its own (building a second
     * receiver with the same listener fails).
     *
     * @return a new listener
     */
    public WebhookListener webhookListener() {
        return new WebhookObservationListener(this, null);
    }

    /**
     * A listener for one receiver, tagged with the given endpoint name: use it to tell apart two
     * receivers of one provider (two Stripe accounts, a live and a test endpoint).
     *
     * @param endpoint a short, fixed name such as {@code stripe-th}; it becomes a tag value
     * @return a new listener
     * @throws IllegalArgumentException when the name is blank or longer than 64 characters
     */
    public WebhookListener webhookListener(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank() || endpoint.length() > 64) {
            throw new IllegalArgumentException("the endpoint name becomes a tag value: give a short fixed name of 1 to 64"
                    + " characters, such as \"stripe-th\"");
        }
        return new WebhookObservationListener(this, endpoint);
    }

    /**
     * A listener for an {@link InboxProcessor}: an observation per attempt, step timers, and the
     * retried and dead counters. Add it with {@link InboxProcessor.Builder#listener}.
     *
     * @return a new listener
     */
    public InboxListener inboxListener() {
        return new InboxObservationListener(this);
    }

    /**
     * Registers the gauges of one inbox on the meter registry, tagged {@code inbox=<name>}:
     * {@code payhooks.inbox.rows} for each {@code status} (pending, running, dead) and
     * {@code payhooks.inbox.oldest.pending.age} in seconds. They read {@link Inbox#stats()} at
     * most once per {@linkplain Builder#inboxStatsRefresh refresh interval}, and read {@code NaN}
     * while the inbox cannot be reached.
     *
     * @param name a short, fixed name for the inbox (it becomes a tag value), such as {@code webhooks}
     * @param inbox the inbox
     * @return {@code true} if the gauges were registered; {@code false} if the inbox does not
     *         report statistics (its {@code stats()} is empty), in which case nothing is registered
     */
    public boolean bindInbox(String name, Inbox inbox) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inbox, "inbox");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("the inbox name becomes a tag value: give a short fixed name of 1 to 64"
                    + " characters, such as \"webhooks\"");
        }
        InboxStatsSampler sampler = new InboxStatsSampler(inbox, name, clock, inboxStatsRefresh);
        try {
            if (inbox.stats().isEmpty()) {
                log.info("payhooks inbox {}: {} does not report statistics; no inbox gauges", name, inbox.getClass().getName());
                return false;
            }
        } catch (RuntimeException e) {
            // Unreachable now: register anyway, the gauges read NaN until it answers.
            log.warn("payhooks inbox {}: cannot read statistics now ({}); gauges registered anyway", name, e.getClass().getName());
        }
        register(sampler, name, "pending", InboxStats::pending);
        register(sampler, name, "running", InboxStats::running);
        register(sampler, name, "dead", InboxStats::dead);
        TimeGauge.builder("payhooks.inbox.oldest.pending.age", sampler, TimeUnit.SECONDS,
                        InboxStatsSampler::oldestPendingAgeSeconds)
                .description("Time since the oldest pending inbox row was stored (0 when none is pending)")
                .tag("inbox", name).strongReference(true).register(meters);
        return true;
    }

    private void register(InboxStatsSampler sampler, String name, String status,
                          java.util.function.ToDoubleFunction<InboxStats> count) {
        Gauge.builder("payhooks.inbox.rows", sampler, InboxStatsSampler.count(count))
                .description("Inbox rows by status").baseUnit("rows")
                .tags("inbox", name, "status", status).strongReference(true).register(meters);
    }

    // ------------------------------------------------------------------ for the listeners

    EventTypeLimiter eventTypes() {
        return eventTypes;
    }

    Observation webhookObservation(WebhookObservationContext context) {
        return PayhooksObservationDocumentation.WEBHOOK_RECEIVE.observation(webhookConvention, DEFAULT_WEBHOOK,
                () -> context, observations);
    }

    Observation inboxObservation(InboxObservationContext context) {
        return PayhooksObservationDocumentation.INBOX_ATTEMPT.observation(inboxConvention, DEFAULT_INBOX,
                () -> context, observations);
    }

    void recordWebhookStep(PipelineStep step, Tags tags, String eventType, Duration elapsed, Throwable failure) {
        recordStep("payhooks.webhook.", step, tags, eventType, elapsed, failure);
    }

    void recordInboxStep(PipelineStep step, String provider, String eventType, Duration elapsed, Throwable failure) {
        recordStep("payhooks.inbox.", step, Tags.of("provider", provider), eventType, elapsed, failure);
    }

    void countInbox(String name, String description, Tags tags) {
        Counter.builder(name).description(description).tags(tags).register(meters).increment();
    }

    private void recordStep(String prefix, PipelineStep step, Tags tags, String eventType, Duration elapsed,
                            Throwable failure) {
        Timer.Builder timer;
        switch (step) {
            case VERIFY -> timer = Timer.builder(prefix + "verify").description("Signature and timestamp verification");
            case DECODE -> timer = Timer.builder(prefix + "decode").description("Decoding the verified body");
            case FILTER -> timer = Timer.builder(prefix + "filter").description("The receiver's filters");
            case HANDLE -> timer = Timer.builder(prefix + "handler").description("The event's handlers")
                    .tag("event.type", eventType);
            default -> timer = Timer.builder(prefix + "store").description("Idempotency store and inbox operations")
                    .tag("operation", step.name().toLowerCase(Locale.ROOT));
        }
        timer.tags(tags).tag("error", errorValue(failure)).register(meters).record(elapsed);
    }

    /** An exception's class, never its message (which may repeat what a sender sent). */
    private static String errorValue(Throwable failure) {
        if (failure == null) {
            return "none";
        }
        String simple = failure.getClass().getSimpleName();
        return simple.isEmpty() ? failure.getClass().getName() : simple;
    }

    @Override
    public String toString() {
        return "PayhooksObservability[eventTypes=" + eventTypes.admittedCount() + "]";
    }

    /**
     * Builds a {@link PayhooksObservability}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final ObservationRegistry observations;
        private final MeterRegistry meters;
        private WebhookObservationConvention webhookConvention;
        private InboxObservationConvention inboxConvention;
        private int maxEventTypes = 100;
        private final List<String> knownEventTypes = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration inboxStatsRefresh = Duration.ofSeconds(5);

        private Builder(ObservationRegistry observations, MeterRegistry meters) {
            this.observations = observations;
            this.meters = meters;
        }

        /**
         * How many distinct verified event types get their own {@code event.type} value (default
         * 100); later ones are tagged {@code other}. The count is shared by every listener of this
         * instance and lasts for the process. A type first seen in a duplicate or an in-progress
         * delivery never takes a free slot (it is tagged {@code other} until a delivery of it is
         * processed), since GitHub and Shopify do not sign their type header. Zero tags every
         * type not {@linkplain #knownEventTypes known} as {@code other}.
         *
         * @param maxEventTypes at least 0
         * @return this builder
         */
        public Builder maxEventTypes(int maxEventTypes) {
            if (maxEventTypes < 0 || maxEventTypes > 10_000) {
                throw new IllegalArgumentException("maxEventTypes must be between 0 and 10000 (every value is a time"
                        + " series in each meter it tags), was " + maxEventTypes);
            }
            this.maxEventTypes = maxEventTypes;
            return this;
        }

        /**
         * Event types always tagged as they are, without taking one of the
         * {@linkplain #maxEventTypes free slots}: the types you handle.
         *
         * @param types the types
         * @return this builder
         */
        public Builder knownEventTypes(Collection<String> types) {
            Objects.requireNonNull(types, "types");
            for (String type : types) {
                knownEventTypes.add(Objects.requireNonNull(type, "a known event type"));
            }
            return this;
        }

        /**
         * Replaces the {@link DefaultWebhookObservationConvention} (a global convention registered
         * on the observation registry still takes precedence, as in every Micrometer
         * instrumentation).
         *
         * @param convention the convention
         * @return this builder
         */
        public Builder webhookConvention(WebhookObservationConvention convention) {
            this.webhookConvention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * Replaces the {@link DefaultInboxObservationConvention}.
         *
         * @param convention the convention
         * @return this builder
         */
        public Builder inboxConvention(InboxObservationConvention convention) {
            this.inboxConvention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * The clock for inbox row ages and the statistics refresh (default UTC system clock;
         * inject one in tests). Observations and timers use the registries' own clocks.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long one {@link Inbox#stats()} answer serves the inbox gauges (default 5 s), so one
         * scrape of four gauges, or several backends scraping, cost one query. Zero asks on every
         * read.
         *
         * @param refresh zero or positive, at most 10 minutes
         * @return this builder
         */
        public Builder inboxStatsRefresh(Duration refresh) {
            Objects.requireNonNull(refresh, "refresh");
            if (refresh.isNegative() || refresh.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("inboxStatsRefresh must be between zero and 10 minutes, was " + refresh);
            }
            this.inboxStatsRefresh = refresh;
            return this;
        }

        /**
         * The instance.
         *
         * @return an immutable, thread-safe instance
         */
        public PayhooksObservability build() {
            return new PayhooksObservability(this);
        }
    }
}
