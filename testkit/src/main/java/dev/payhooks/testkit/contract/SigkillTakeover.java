package dev.payhooks.testkit.contract;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.ChildJvm;
import dev.payhooks.testkit.internal.ClaimRaceWorker;
import dev.payhooks.testkit.internal.KilledClaimWorker;
import dev.payhooks.testkit.internal.Race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application instance killed with SIGKILL in the middle of a handler, and what a shared
 * {@link IdempotencyStore} must then do: answer redeliveries "in progress" (409, nothing run)
 * while the dead instance's lease lasts, and once it has passed, let exactly one of several
 * concurrent redeliveries run the event; later ones are duplicates. No completion and no release
 * ever reach the store from the killed JVM, so this is the crash a store's lease exists for.
 *
 * <p>The killed instance is a child JVM ({@link ChildJvm}) that builds its store through the same
 * {@link MultiProcessClaimRace.StoreFactory} as {@link MultiProcessClaimRace}; this JVM builds its
 * own through a second instance of the factory. Waiting out a real lease would make the test slow
 * and timing-dependent, so your {@link LeaseExpiry} moves the stored claim past its lease instead
 * (rewrite the expiry column, shorten the key's TTL).
 *
 * <pre>{@code
 * SigkillTakeover takeover = SigkillTakeover.builder(RealStores.class).name("JdbcIdempotencyStore").build();
 *
 * @Test
 * void aKilledInstancesEventRunsExactlyOnceAfterItsLease() throws Exception {
 *     takeover.assertRunsExactlyOnceAfterTheLease(List.of(jdbcUrl, emptyTable("sigkill")),
 *             lease -> moveExpiriesBack(pool, "sigkill", lease));
 * }
 *
 * @Test
 * void aStoreThatIgnoresTheLeaseLeavesTheEventStuck() throws Exception {    // the negative control
 *     takeover.assertIgnoredLeaseLeavesTheEventStuck(List.of(jdbcUrl, emptyTable("sigkill_control")),
 *             lease -> moveExpiriesBack(pool, "sigkill_control", lease));
 * }
 * }</pre>
 *
 * <p>The negative control runs the same procedure with a store that claims for 12 hours whatever
 * lease it is asked for (the bug of a store that ignores the lease): the event must then still be
 * in progress after the lease, and the exactly-once check must fail, or the procedure could not
 * tell such a store from a correct one. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SigkillTakeover {

    /**
     * Moves the store's claims past a lease without waiting for it: backend-specific.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface LeaseExpiry {

        /**
         * Makes every claim in the test's key space look {@code elapsed} older.
         *
         * @param elapsed how much time passes; one second more than the lease
         * @throws Exception to fail the test
         */
        void pass(Duration elapsed) throws Exception;
    }

    private static final String EVENT = "evt_killed";

    private final Class<? extends MultiProcessClaimRace.StoreFactory> factory;
    private final String name;
    private final Duration lease;
    private final int redeliveries;

    private SigkillTakeover(Builder builder) {
        this.factory = builder.factory;
        this.name = builder.name;
        this.lease = builder.lease;
        this.redeliveries = builder.redeliveries;
    }

    /**
     * A takeover test whose stores are built with {@code factory}.
     *
     * @param factory a public class with a public no-arg constructor
     * @return a builder with the defaults: a 60-second lease, 8 concurrent redeliveries
     * @throws IllegalArgumentException when the class is not public, abstract, or has no public
     *         no-arg constructor
     */
    public static Builder builder(Class<? extends MultiProcessClaimRace.StoreFactory> factory) {
        return new Builder(MultiProcessClaimRace.instantiable(factory));
    }

    /**
     * Kills an instance mid-handler, then checks the store's answer before and after the lease.
     * Prints e.g. {@code SIGKILL, JdbcIdempotencyStore: 409 before the lease, 1 of 8 redeliveries ran
     * the event after it}.
     *
     * @param arguments what the factory's {@code open} receives in both JVMs (an empty key space)
     * @param expiry moves the claims past the lease
     * @throws Exception when the child or the store fails
     * @throws AssertionError when a redelivery ran the event during the lease, none or more than one
     *         did after it, or one failed
     */
    public void assertRunsExactlyOnceAfterTheLease(List<String> arguments, LeaseExpiry expiry) throws Exception {
        List<Outcome> after = killThenRedeliver(arguments, expiry, false);
        System.out.printf("SIGKILL, %s: 409 before the lease, %d of %d redeliveries ran the event after it%n", name,
                after.stream().filter(Outcome.HANDLED::equals).count(), redeliveries);
    }

    /**
     * The negative control: the same procedure with a store that claims for 12 hours whatever lease
     * it is asked for must leave the event in progress after the lease, so that
     * {@link #assertRunsExactlyOnceAfterTheLease} fails for it.
     *
     * @param arguments what the factory's {@code open} receives in both JVMs (an empty key space)
     * @param expiry moves the claims past the lease
     * @throws Exception when the child or the store fails
     * @throws AssertionError when the procedure did not catch the store
     */
    public void assertIgnoredLeaseLeavesTheEventStuck(List<String> arguments, LeaseExpiry expiry) throws Exception {
        List<Outcome> after = new ArrayList<>();
        assertThatThrownBy(() -> after.addAll(killThenRedeliver(arguments, expiry, true)))
                .as("the exactly-once check on a store that ignores the lease (negative control)")
                .isInstanceOf(AssertionError.class).hasMessageContaining("ran the event after the lease");
        System.out.printf("SIGKILL, %s, store ignoring the lease (control): the event stayed in progress after the"
                + " lease, so the check failed as it must%n", name);
    }

    private List<Outcome> killThenRedeliver(List<String> arguments, LeaseExpiry expiry, boolean ignoreLease)
            throws Exception {
        Objects.requireNonNull(expiry, "expiry");
        List<String> command = new ArrayList<>(List.of(factory.getName(), EVENT, Long.toString(lease.toMillis()),
                Boolean.toString(ignoreLease)));
        command.addAll(List.copyOf(arguments));
        try (ChildJvm child = ChildJvm.start(KilledClaimWorker.class, command.toArray(String[]::new))) {
            child.await(KilledClaimWorker.CLAIMED + " " + EVENT);
            child.process().destroyForcibly();
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
            assertThat(child.process().exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);
        }
        MultiProcessClaimRace.StoreFactory ours = factory.getConstructor().newInstance();
        try {
            IdempotencyStore store = ours.open(List.copyOf(arguments), redeliveries);
            AtomicInteger runs = new AtomicInteger();
            WebhookReceiver receiver = WebhookReceiver.builder().source(ClaimRaceWorker.source()).idempotencyStore(store)
                    .lease(lease).on("race.event", event -> runs.incrementAndGet()).build();

            WebhookResponse during = receiver.receive(ClaimRaceWorker.delivery(EVENT));
            assertThat(during.outcome()).as("a redelivery during the killed instance's lease").isEqualTo(Outcome.IN_PROGRESS);
            assertThat(during.status()).isEqualTo(409);
            assertThat(runs).as("handler runs during the lease").hasValue(0);

            expiry.pass(lease.plusSeconds(1));
            Queue<Outcome> after = new ConcurrentLinkedQueue<>();
            Race.run(redeliveries, thread -> after.add(receiver.receive(ClaimRaceWorker.delivery(EVENT)).outcome()));
            assertThat(runs).as("handler runs among " + redeliveries + " concurrent redeliveries: "
                    + "the store ran the event after the lease " + runs.get() + " times").hasValue(1);
            assertThat(after).containsOnlyOnce(Outcome.HANDLED).doesNotContain(Outcome.UNAVAILABLE, Outcome.FAILED);
            assertThat(receiver.receive(ClaimRaceWorker.delivery(EVENT)).outcome()).as("a later redelivery")
                    .isEqualTo(Outcome.DUPLICATE);
            assertThat(runs).hasValue(1);
            return List.copyOf(after);
        } finally {
            ours.close();
        }
    }

    /**
     * Builds a {@link SigkillTakeover}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Class<? extends MultiProcessClaimRace.StoreFactory> factory;
        private String name;
        private Duration lease = Duration.ofSeconds(60);
        private int redeliveries = 8;

        private Builder(Class<? extends MultiProcessClaimRace.StoreFactory> factory) {
            this.factory = factory;
            this.name = factory.getSimpleName();
        }

        /**
         * The store's name in the printed figures (default: the factory's simple name).
         *
         * @param name e.g. {@code JdbcIdempotencyStore}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The lease the receivers ask for (default 60 s); the test never waits for it.
         *
         * @param lease between 1 second and 1 hour
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("lease must be between 1 second and 1 hour, was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * How many redeliveries race for the event after the lease (default 8).
         *
         * @param redeliveries between 2 and 64
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder redeliveries(int redeliveries) {
            if (redeliveries < 2 || redeliveries > 64) {
                throw new IllegalArgumentException("redeliveries must be between 2 and 64, was " + redeliveries);
            }
            this.redeliveries = redeliveries;
            return this;
        }

        /**
         * The takeover test.
         *
         * @return a new, immutable test
         */
        public SigkillTakeover build() {
            return new SigkillTakeover(this);
        }
    }
}
