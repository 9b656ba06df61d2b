package dev.payhooks;

import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.ObjectVersionStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordering guard's configuration, for {@link WebhookReceiver.Builder#ordering(Ordering)}:
 * never let an older event overwrite a newer one. Providers do not deliver events in order
 * (Stripe retries a failed delivery for up to three days, so Monday's {@code refund.updated} can
 * arrive after Wednesday's {@code refund.failed}), and deduplication does not help: both events
 * are new.
 *
 * <p>For every event whose decoder names the object it is about ({@link Event#orderingObject()})
 * and its creation time, the guard compares the event with the newest one handled for that object
 * (provider, tenant, object type, object id) in an {@link ObjectVersionStore}:
 * <ul>
 *   <li>newer: the handlers run; once they all succeed, the stored version advances (a failed
 *       handler leaves it, so the provider's retry of the same event still runs);</li>
 *   <li>older: {@link #whenOlder()}, by default {@link OrderingPolicy#SKIP} (answered
 *       {@link Outcome#STALE}, 200);</li>
 *   <li>created in the same second with no sequence to tell them apart (Stripe's {@code created}
 *       has one-second resolution): {@link #whenTied()}, by default {@link OrderingPolicy#REFETCH}
 *       when a {@link ObjectRefetcher} is set and {@link OrderingPolicy#RUN_FLAGGED} otherwise;
 *       never "last arrival wins" in silence;</li>
 *   <li>another event of the object is being handled right now: {@link Outcome#IN_PROGRESS}
 *       (409), and the provider delivers it again later.</li>
 * </ul>
 * An event without an object or a creation time is handled as without the guard (logged once per
 * event type at INFO).
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(secret))
 *         .ordering(Ordering.builder()
 *                 .store(JdbcObjectVersionStore.builder(dataSource).build())
 *                 .refetcher(StripeEvents.refetcher(ref -> stripe.refunds().retrieve(ref.id())))
 *                 .build())
 *         .on("refund.*", event -> refunds.apply(event))
 *         .build();
 * }</pre>
 *
 * <p>In inbox mode the guard runs when a worker handles the event, not on arrival; a row whose
 * object is held by another row's handlers is retried with the worker's backoff (the try counts as
 * an attempt). Older events run with {@link OrderingPolicy#RUN_FLAGGED} or
 * {@link OrderingPolicy#REFETCH} do not hold their object and never move its version. Immutable
 * and thread-safe.
 *
 * @since 0.1.0
 */
public final class Ordering {

    private final ObjectVersionStore store;
    private final OrderingPolicy whenOlder;
    private final OrderingPolicy whenTied;
    private final ObjectRefetcher refetcher;
    private final Duration lease;

    private Ordering(Builder b) {
        this.store = b.store != null ? b.store : ObjectVersionStore.inMemory();
        this.refetcher = b.refetcher;
        this.whenOlder = b.whenOlder;
        this.whenTied = b.whenTied != null ? b.whenTied
                : b.refetcher != null ? OrderingPolicy.REFETCH : OrderingPolicy.RUN_FLAGGED;
        this.lease = b.lease;
    }

    /**
     * The guard with an in-memory store and the default policies (for one application instance).
     *
     * @return the configuration
     */
    public static Ordering inMemory() {
        return builder().build();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the newest version of each object is kept.
     *
     * @return the store
     */
    public ObjectVersionStore store() {
        return store;
    }

    /**
     * What happens to an event older than the newest handled for its object.
     *
     * @return the policy
     */
    public OrderingPolicy whenOlder() {
        return whenOlder;
    }

    /**
     * What happens to an event created in the same second as the newest handled for its object.
     *
     * @return the policy
     */
    public OrderingPolicy whenTied() {
        return whenTied;
    }

    /**
     * The hook that fetches an object's current state.
     *
     * @return the refetcher, or empty
     */
    public Optional<ObjectRefetcher> refetcher() {
        return Optional.ofNullable(refetcher);
    }

    /**
     * How long an object is held while an event of it is handled.
     *
     * @return the lease
     */
    public Duration lease() {
        return lease;
    }

    @Override
    public String toString() {
        return "Ordering[store=" + store.getClass().getSimpleName() + ", whenOlder=" + whenOlder + ", whenTied=" + whenTied
                + ", refetcher=" + (refetcher != null) + ", lease=" + lease + "]";
    }

    /**
     * Builds an {@link Ordering}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private ObjectVersionStore store;
        private OrderingPolicy whenOlder = OrderingPolicy.SKIP;
        private OrderingPolicy whenTied;
        private ObjectRefetcher refetcher;
        private Duration lease = Duration.ofMinutes(5);

        private Builder() {
        }

        /**
         * Where versions are kept (default: a new {@link ObjectVersionStore#inMemory()} store).
         * Use a shared store (payhooks-jdbc) when several instances receive webhooks.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(ObjectVersionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * What happens to an older event (default {@link OrderingPolicy#SKIP}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder whenOlder(OrderingPolicy policy) {
            this.whenOlder = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * What happens to a same-second tie (default {@link OrderingPolicy#REFETCH} with a
         * refetcher, else {@link OrderingPolicy#RUN_FLAGGED}).
         *
         * @param policy {@link OrderingPolicy#RUN_FLAGGED} or {@link OrderingPolicy#REFETCH}
         * @return this builder
         * @throws IllegalArgumentException for {@link OrderingPolicy#SKIP}
         */
        public Builder whenTied(OrderingPolicy policy) {
            if (Objects.requireNonNull(policy, "policy") == OrderingPolicy.SKIP) {
                throw new IllegalArgumentException("a same-second tie cannot be skipped: neither event is known to be"
                        + " newer, so one of them would be lost; use RUN_FLAGGED or REFETCH");
            }
            this.whenTied = policy;
            return this;
        }

        /**
         * The hook that fetches an object's current state, for {@link OrderingPolicy#REFETCH}.
         *
         * @param refetcher the hook (Stripe: {@code StripeEvents.refetcher(fetcher)})
         * @return this builder
         */
        public Builder refetcher(ObjectRefetcher refetcher) {
            this.refetcher = Objects.requireNonNull(refetcher, "refetcher");
            return this;
        }

        /**
         * How long an object is held while an event of it is handled (default 5 minutes): keep it
         * longer than your slowest handler. A held object answers other events of it 409.
         *
         * @param lease a positive duration of at most one day
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder lease(Duration lease) {
            this.lease = Checks.positiveAtMost(lease, "lease", Duration.ofDays(1));
            return this;
        }

        /**
         * The configuration.
         *
         * @return an immutable configuration
         * @throws IllegalStateException when a policy is {@link OrderingPolicy#REFETCH} and no
         *         refetcher is set
         */
        public Ordering build() {
            if (refetcher == null && (whenOlder == OrderingPolicy.REFETCH || whenTied == OrderingPolicy.REFETCH)) {
                throw new IllegalStateException("the REFETCH policy needs a refetcher: call refetcher(...) (Stripe:"
                        + " StripeEvents.refetcher(fetcher)), or choose RUN_FLAGGED");
            }
            return new Ordering(this);
        }
    }
}
