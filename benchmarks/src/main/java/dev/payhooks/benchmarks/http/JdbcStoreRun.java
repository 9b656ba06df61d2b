package dev.payhooks.benchmarks.http;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.jdbc.JdbcIdempotencyStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDBC store alone against the de-duplication merchants write by hand, on one embedded
 * PostgreSQL 17 (synchronous commits on) in one run: {@code store} is
 * {@code JdbcIdempotencyStore.claim} of a new event plus its {@code complete} (what every first
 * delivery costs the store), {@code insert} a bare {@value #INSERT} of a new id and
 * {@code insert2} two of them (the floor for any two statements, as the store's claim and
 * completion are), each through a HikariCP pool as large as the thread count (a connection
 * borrowed per statement or store call, autocommit). For each thread count every mode runs once
 * per round, each round starting with another mode, on an emptied table after a checkpoint; every
 * round is printed, then the median of the rounds and of the per-round ratios. After each round
 * the table must hold exactly the rows of the operations counted (one completed row per store
 * operation, one or two per insert operation), or the run fails.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.payhooks.benchmarks.http.JdbcStoreRun \
 *      --threads=1,8,32 --seconds=5 --warmup-seconds=2 --rounds=4   # about 4.5 minutes
 * </pre>
 */
public final class JdbcStoreRun {

    /** The bare loop's statement. */
    static final String INSERT = "INSERT INTO processed_events (id) VALUES (?) ON CONFLICT DO NOTHING";
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** {@code insert2}: two bare inserts, each on its own borrowed connection, as the store's two statements are. */
    private static final List<String> MODES = List.of("insert", "insert2", "store");

    private final Options options;
    private final AtomicLong sequence = new AtomicLong();

    private JdbcStoreRun(Options options) {
        this.options = options;
    }

    /**
     * Runs both loops and prints every round and the medians.
     *
     * @param args {@code --threads=1,8,32 --seconds=S --warmup-seconds=S --rounds=R}
     * @throws Exception when the server cannot start or a loop fails its check
     */
    public static void main(String[] args) throws Exception {
        new JdbcStoreRun(Options.parse(args)).run();
    }

    /** One operation of a loop. */
    @FunctionalInterface
    private interface Operation {
        void run(String id) throws SQLException;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "JdbcIdempotencyStore claim+complete vs bare INSERT ... ON CONFLICT DO NOTHING:"
                        + " threads %s, %d s warm-up, %d s measured, %d rounds; JDK %s, %d CPUs; load average %s%n",
                options.threads, options.warmupSeconds, options.seconds, options.rounds, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), RunSupport.loadAverage());
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        try (EmbeddedPostgres postgres = PostgresStore.startServer()) {
            DataSource admin = postgres.getPostgresDatabase();
            RunSupport.execute(admin, "CREATE TABLE processed_events (id TEXT PRIMARY KEY)");
            for (int threads : options.threads) {
                try (HikariDataSource pool = PostgresStore.pool(postgres, threads)) {
                    JdbcIdempotencyStore store = JdbcStores.create(pool);
                    for (int round = 1; round <= options.rounds; round++) {
                        // Each round starts with another mode, so that no mode always runs first (or last).
                        List<String> order = new ArrayList<>(MODES);
                        Collections.rotate(order, round - 1);
                        for (String mode : order) {
                            double rate = switch (mode) {
                                case "store" -> measure(admin, threads, mode, id -> claimAndComplete(store, id), 1,
                                        "SELECT COUNT(*) FROM " + store.tableName() + " WHERE completed_at IS NOT NULL",
                                        "TRUNCATE " + store.tableName());
                                case "insert" -> measure(admin, threads, mode, id -> insert(pool, id), 1,
                                        "SELECT COUNT(*) FROM processed_events", "TRUNCATE processed_events");
                                default -> measure(admin, threads, mode, id -> {
                                    insert(pool, id);
                                    insert(pool, id + "-2");
                                }, 2, "SELECT COUNT(*) FROM processed_events", "TRUNCATE processed_events");
                            };
                            rates.computeIfAbsent(mode + "@" + threads, k -> new ArrayList<>()).add(rate);
                            System.out.printf(Locale.ROOT, "threads %2d round %d %-7s %8.0f/s; load average %s%n", threads,
                                    round, mode, rate, RunSupport.loadAverage());
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("Median of " + options.rounds + " rounds (lowest-highest):");
        System.out.println("| threads | bare INSERT ... ON CONFLICT /s | two bare INSERTs /s | claim+complete /s"
                + " | claim+complete vs INSERT | claim+complete vs two INSERTs |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int threads : options.threads) {
            List<Double> insert = rates.get("insert@" + threads);
            List<Double> twoInserts = rates.get("insert2@" + threads);
            List<Double> store = rates.get("store@" + threads);
            double[] ratio = new double[insert.size()];
            double[] ratioTwo = new double[insert.size()];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = store.get(i) / insert.get(i);
                ratioTwo[i] = store.get(i) / twoInserts.get(i);
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", threads,
                    RunSupport.spread(toArray(insert), "%.0f"), RunSupport.spread(toArray(twoInserts), "%.0f"),
                    RunSupport.spread(toArray(store), "%.0f"), RunSupport.spread(ratio, "%.2f"),
                    RunSupport.spread(ratioTwo, "%.2f"));
        }
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void claimAndComplete(JdbcIdempotencyStore store, String id) {
        IdempotencyKey key = new IdempotencyKey("stripe", "", id);
        ClaimResult result = store.claim(key, LEASE);
        if (!(result instanceof ClaimResult.Claimed claimed) || !store.complete(key, claimed.token())) {
            throw new IllegalStateException("a new key was not claimed and completed: " + result);
        }
    }

    private static void insert(DataSource pool, String id) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, id);
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException("a new id was not inserted: " + id);
            }
        }
    }

    /** Empties the table, warms up, measures; checks that the table holds the rows of every operation. */
    private double measure(DataSource admin, int threads, String mode, Operation operation, int rowsPerOperation,
                           String countSql, String truncateSql) throws Exception {
        RunSupport.execute(admin, truncateSql, "CHECKPOINT");
        long warmup = loop(threads, operation, Duration.ofSeconds(options.warmupSeconds))[0];
        long[] measured = loop(threads, operation, Duration.ofSeconds(options.seconds));
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(countSql)) {
            row.next();
            if (row.getLong(1) != (warmup + measured[0]) * rowsPerOperation) {
                throw new IllegalStateException(mode + " with " + threads + " threads: " + (warmup + measured[0])
                        + " operations but " + row.getLong(1) + " rows");
            }
        }
        return measured[0] / (measured[1] / 1e9);
    }

    /** @return the operations done and the nanoseconds taken */
    private long[] loop(int threads, Operation operation, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        operation.run("evt_" + sequence.incrementAndGet());
                        n++;
                    }
                    done.addAndGet(n);
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }, "jdbc-run-" + t);
            worker.start();
        }
        finished.await();
        long nanos = System.nanoTime() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("an operation failed", failure.get());
        }
        return new long[] {done.get(), nanos};
    }

    /** Command-line options. */
    private static final class Options {
        List<Integer> threads = List.of(1, 8, 32);
        int seconds = 5;
        int warmupSeconds = 2;
        int rounds = 3;

        static Options parse(String[] args) {
            Map<String, String> values = RunSupport.options(args);
            Options options = new Options();
            options.threads = RunSupport.positives(values.remove("threads"), options.threads, "threads");
            options.seconds = RunSupport.positive(values.remove("seconds"), options.seconds, "seconds");
            options.warmupSeconds = RunSupport.positive(values.remove("warmup-seconds"), options.warmupSeconds,
                    "warmup-seconds");
            options.rounds = RunSupport.positive(values.remove("rounds"), options.rounds, "rounds");
            RunSupport.noneLeft(values, "threads, seconds, warmup-seconds, rounds");
            return options;
        }
    }
}
