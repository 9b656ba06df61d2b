package dev.payhooks.testkit.contract;

import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.ChildJvm;
import dev.payhooks.testkit.internal.ClaimRaceWorker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application instances, each a separate JVM, racing to claim the same events in one
 * shared {@link IdempotencyStore}: the test a shared store (a table, a Redis server, your own)
 * must pass before two instances of an application use it behind one URL, which no single-JVM
 * test shows. By default 2 processes x 8 threads x 2,000 events, every thread delivering every
 * event in the same order (16 deliveries of each event, colliding as much as they can) to a
 * {@code WebhookReceiver} on your store; the handler must run exactly once per event.
 *
 * <p>Each child JVM builds its store through your {@link StoreFactory}, a public class with a
 * public no-arg constructor, named on the child's command line and given string arguments (a JDBC
 * URL and a table name, a Redis URI and a key prefix). The children run on this JVM's class path
 * ({@link ChildJvm}), so the factory and the store's driver must be on the test class path.
 *
 * <pre>{@code
 * public final class RealStores implements MultiProcessClaimRace.StoreFactory {
 *     private HikariDataSource pool;
 *
 *     public IdempotencyStore open(List<String> arguments, int threads) {
 *         pool = newPool(arguments.get(0), threads);            // the JDBC URL
 *         return JdbcIdempotencyStore.builder(pool).tableName(arguments.get(1)).build();
 *     }
 *     public void close() { pool.close(); }
 * }
 *
 * @Test
 * void twoProcessesRunEveryEventExactlyOnce() throws Exception {
 *     MultiProcessClaimRace.builder(RealStores.class).name("JdbcIdempotencyStore").build()
 *             .assertExactlyOnce(round -> List.of(jdbcUrl, emptyTable("race_" + round)));
 * }
 *
 * @Test
 * void checkThenInsertStoreRunsSomeEventTwice() throws Exception {      // the negative control
 *     MultiProcessClaimRace.builder(CheckThenInsertStores.class).name("naive check-then-insert store").build()
 *             .assertRunsSomeEventTwice(round -> List.of(jdbcUrl, emptyTable("race_naive")));
 * }
 * }</pre>
 *
 * <p>{@link #assertExactlyOnce(Setup)} asserts, in every round, that the handler ran once for every
 * event and never twice for one, and that every process won some events. A round in which one
 * process was scheduled so late that the others had claimed everything shows no contention between
 * processes, so it is run again on fresh keys (up to {@link Builder#rounds(int) three rounds} by
 * default). {@link #assertRunsSomeEventTwice(Setup)} runs the same harness once against a store
 * that is broken on purpose (check, then insert): unless it catches that store running some event
 * twice, the harness proves nothing on your machine. Both print their figures to standard output.
 * The children's standard error goes to the build log; there is no sleep and no timing assertion,
 * only a generous {@link Builder#timeout(Duration) timeout} per round.
 *
 * <p>Immutable and thread-safe; one race runs its rounds one after another.
 *
 * @since 0.1.0
 */
public final class MultiProcessClaimRace {

    /**
     * Builds the store under test in a child JVM, once per child. The class must be public, with a
     * public no-arg constructor, and on the test class path; it is closed after the child's
     * deliveries (close the pool or client the store uses there).
     *
     * @since 0.1.0
     */
    public interface StoreFactory {

        /**
         * Opens the store this child delivers to.
         *
         * @param arguments what {@link Setup#prepare(int)} returned for this round (a JDBC URL
         *         and a table name, a Redis URI and a key prefix...)
         * @param threads how many threads will use the store at once (size a connection pool)
         * @return the store; every child's store must share its state with the others'
         * @throws Exception to fail the child, and so the round
         */
        IdempotencyStore open(List<String> arguments, int threads) throws Exception;

        /**
         * Releases what {@link #open(List, int)} acquired, once the child's deliveries are over (also
         * after a failed one); nothing by default.
         *
         * @throws Exception to fail the child
         */
        default void close() throws Exception {
        }
    }

    /**
     * Prepares one round in the test's own JVM, before the children start: an empty key space that
     * no earlier round used (drop and create a table, choose a new key prefix).
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Setup {

        /**
         * Prepares a round.
         *
         * @param round the round's number, from 1
         * @return the arguments every child's {@link StoreFactory#open(List, int)} receives; plain
         *         strings, passed on the command line
         * @throws Exception to fail the race
         */
        List<String> prepare(int round) throws Exception;
    }

    private final Class<? extends StoreFactory> factory;
    private final String name;
    private final int processes;
    private final int threads;
    private final int events;
    private final int rounds;
    private final Duration timeout;

    private MultiProcessClaimRace(Builder builder) {
        this.factory = builder.factory;
        this.name = builder.name;
        this.processes = builder.processes;
        this.threads = builder.threads;
        this.events = builder.events;
        this.rounds = builder.rounds;
        this.timeout = builder.timeout;
    }

    /**
     * A race whose children build their stores with {@code factory}.
     *
     * @param factory a public class with a public no-arg constructor
     * @return a builder with the defaults: 2 processes x 8 threads x 2,000 events, 3 rounds, 10
     *         minutes per round
     * @throws IllegalArgumentException when the class is not public, abstract, or has no public
     *         no-arg constructor
     */
    public static Builder builder(Class<? extends StoreFactory> factory) {
        return new Builder(instantiable(factory));
    }

    /** The factory, when a child JVM can create it by name; shared with {@link SigkillTakeover}. */
    static Class<? extends StoreFactory> instantiable(Class<? extends StoreFactory> factory) {
        Objects.requireNonNull(factory, "factory");
        boolean instantiable = Modifier.isPublic(factory.getModifiers()) && !Modifier.isAbstract(factory.getModifiers())
                && Stream.of(factory.getConstructors()).anyMatch(constructor -> constructor.getParameterCount() == 0);
        if (!instantiable) {
            throw new IllegalArgumentException("the store factory " + factory.getName() + " must be a public, concrete"
                    + " (and, if nested, static) class with a public no-arg constructor: the child JVM creates it by name");
        }
        return factory;
    }

    /**
     * Races the processes against your store, in up to {@link Builder#rounds(int)} rounds, each
     * prepared by {@code setup}: fails unless every round ran the handler exactly once per event and
     * one round saw every process win some events. Prints one line per round, e.g.
     * {@code multi-process, JdbcIdempotencyStore, round 1: 2000 handler runs for 2000 events
     * (process 1 won 1043, process 2 won 957)}.
     *
     * @param setup prepares each round's empty key space and names it to the children
     * @throws Exception when a child fails or the setup throws
     * @throws AssertionError when an event ran twice or not at all, or a process never won one
     */
    public void assertExactlyOnce(Setup setup) throws Exception {
        Objects.requireNonNull(setup, "setup");
        List<List<String>> runs = List.of();
        for (int round = 1; round <= rounds; round++) {
            runs = deliver(setup, round);
            List<String> all = new ArrayList<>();
            runs.forEach(all::addAll);
            Map<String, Integer> ranMoreThanOnce = new TreeMap<>();
            runsPerEvent(runs).forEach((event, count) -> {
                if (count > 1 && ranMoreThanOnce.size() < 10) {
                    ranMoreThanOnce.put(event, count);
                }
            });
            assertThat(ranMoreThanOnce).as("events whose handler ran more than once (the first ten), round " + round)
                    .isEmpty();
            assertThat(all).as("handler runs, round " + round).hasSize(events);
            List<String> won = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                won.add("process " + (p + 1) + " won " + runs.get(p).size());
            }
            System.out.printf("multi-process, %s, round %d: %d handler runs for %d events (%s)%n", name, round,
                    all.size(), events, String.join(", ", won));
            if (runs.stream().noneMatch(List::isEmpty)) {
                break;
            }
        }
        for (int p = 0; p < processes; p++) {
            assertThat(runs.get(p)).as("events won by process " + (p + 1) + " (in the last of " + rounds + " rounds)")
                    .isNotEmpty();
        }
    }

    /**
     * The negative control: the same harness, once, against a store broken on purpose (check, then
     * claim, in two steps) must run some event's handler more than once, or the harness cannot tell a
     * broken store from a correct one on this machine. Prints e.g. {@code multi-process, naive
     * check-then-insert store: 2913 handler runs for 2000 events, 804 events ran more than once}.
     *
     * @param setup prepares the round's empty key space (called once, with round 1)
     * @throws Exception when a child fails or the setup throws
     * @throws AssertionError when no event ran twice, or some event never ran
     */
    public void assertRunsSomeEventTwice(Setup setup) throws Exception {
        Objects.requireNonNull(setup, "setup");
        Map<String, Integer> runsPerEvent = runsPerEvent(deliver(setup, 1));
        long ranMoreThanOnce = runsPerEvent.values().stream().filter(count -> count > 1).count();
        assertThat(runsPerEvent).as("every event ran at least once").hasSize(events);
        assertThat(ranMoreThanOnce).as("events whose handler ran more than once (negative control)").isPositive();
        System.out.printf("multi-process, %s: %d handler runs for %d events, %d events ran more than once%n", name,
                runsPerEvent.values().stream().mapToInt(Integer::intValue).sum(), events, ranMoreThanOnce);
    }

    /** Per process, the events its handler ran in one round. */
    private List<List<String>> deliver(Setup setup, int round) throws Exception {
        List<String> arguments = List.copyOf(setup.prepare(round));
        Path directory = Files.createTempDirectory("payhooks-claim-race");
        List<ChildJvm> children = new CopyOnWriteArrayList<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        // The children are closed (SIGKILL) when the round overruns, which ends the reads below.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "claim-race-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.schedule(() -> {
            timedOut.set(true);
            children.forEach(ChildJvm::close);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            List<Path> outputs = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                Path output = directory.resolve("process-" + (p + 1) + ".txt");
                outputs.add(output);
                List<String> command = new ArrayList<>(List.of(factory.getName(), Integer.toString(threads),
                        Integer.toString(events), output.toString()));
                command.addAll(arguments);
                children.add(ChildJvm.start(ClaimRaceWorker.class, command.toArray(String[]::new)));
            }
            try {
                // READY once warmed up; GO to all only then, so that the processes start together.
                for (ChildJvm child : children) {
                    child.await(ClaimRaceWorker.READY);
                }
                for (ChildJvm child : children) {
                    child.send(ClaimRaceWorker.GO);
                }
                for (ChildJvm child : children) {
                    child.await(ClaimRaceWorker.DONE);
                    assertThat(child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                            .as("the child exited after " + ClaimRaceWorker.DONE).isTrue();
                    assertThat(child.process().exitValue()).as("the child's exit code").isZero();
                }
            } catch (IllegalStateException e) {
                if (timedOut.get()) {
                    throw new IllegalStateException("round " + round + " of " + name + " did not finish within "
                            + timeout + " (see the children's output above)", e);
                }
                throw e;
            }
            List<List<String>> runs = new ArrayList<>();
            for (Path output : outputs) {
                runs.add(Files.readAllLines(output));
            }
            return runs;
        } finally {
            watchdog.shutdownNow();
            children.forEach(ChildJvm::close);
            delete(directory);
        }
    }

    private static Map<String, Integer> runsPerEvent(List<List<String>> runs) {
        Map<String, Integer> runsPerEvent = new HashMap<>();
        runs.forEach(list -> list.forEach(event -> runsPerEvent.merge(event, 1, Integer::sum)));
        return runsPerEvent;
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }

    /**
     * Configures a {@link MultiProcessClaimRace}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final Class<? extends StoreFactory> factory;
        private String name;
        private int processes = 2;
        private int threads = 8;
        private int events = 2_000;
        private int rounds = 3;
        private Duration timeout = Duration.ofMinutes(10);

        private Builder(Class<? extends StoreFactory> factory) {
            this.factory = factory;
            this.name = factory.getSimpleName();
        }

        /**
         * The store's name in the printed figures; the factory's simple name by default.
         *
         * @param name e.g. {@code "JdbcIdempotencyStore"}
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, it labels the printed figures");
            }
            this.name = name;
            return this;
        }

        /**
         * How many child JVMs race; 2 by default.
         *
         * @param processes 2 to 16
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder processes(int processes) {
            this.processes = inRange("processes", processes, 2, 16);
            return this;
        }

        /**
         * How many threads each child delivers on; 8 by default.
         *
         * @param threads 1 to 256
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder threads(int threads) {
            this.threads = inRange("threads", threads, 1, 256);
            return this;
        }

        /**
         * How many distinct events every thread delivers; 2,000 by default.
         *
         * @param events 1 to 1,000,000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder events(int events) {
            this.events = inRange("events", events, 1, 1_000_000);
            return this;
        }

        /**
         * How many rounds {@link MultiProcessClaimRace#assertExactlyOnce(Setup)} may run until every
         * process has won some events; 3 by default.
         *
         * @param rounds 1 to 10
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder rounds(int rounds) {
            this.rounds = inRange("rounds", rounds, 1, 10);
            return this;
        }

        /**
         * How long one round may take, children's start-up included, before they are killed and the
         * race fails; 10 minutes by default, generous for a loaded build machine.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.positive(timeout, "timeout");
            return this;
        }

        /**
         * The race.
         *
         * @return an immutable race
         */
        public MultiProcessClaimRace build() {
            return new MultiProcessClaimRace(this);
        }

        private static int inRange(String option, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
