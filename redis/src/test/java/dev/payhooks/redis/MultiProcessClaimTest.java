package dev.payhooks.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVM processes x 8 threads x 2,000 events against one redis-server, every thread delivering
 * every event (16 deliveries per event): the handler runs exactly 2,000 times, never twice for one
 * event, and both processes win some events. The same harness with a naive GET-then-SET store must
 * run some event twice, or the harness proves nothing.
 */
class MultiProcessClaimTest {

    private static final int PROCESSES = 2;
    private static final int THREADS = 8;
    private static final int EVENTS = 2_000;

    private static TestRedis server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startRedis() {
        server = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void twoProcessesRunEveryEventExactlyOnce() throws Exception {
        List<List<String>> runs = deliverFromTwoProcesses("real", "mp-real:");

        List<String> all = new ArrayList<>();
        runs.forEach(all::addAll);
        Set<String> distinct = new HashSet<>(all);
        assertThat(all).as("handler runs").hasSize(EVENTS);
        assertThat(distinct).as("distinct events run").hasSize(EVENTS);
        assertThat(runs.get(0)).as("events won by process 1").isNotEmpty();
        assertThat(runs.get(1)).as("events won by process 2").isNotEmpty();
        System.out.printf("multi-process, RedisIdempotencyStore: %d handler runs for %d events (process 1 won %d, process 2 won %d)%n",
                all.size(), EVENTS, runs.get(0).size(), runs.get(1).size());
    }

    @Test
    void naiveGetThenSetStoreRunsSomeEventsTwiceInTheSameHarness() throws Exception {
        List<List<String>> runs = deliverFromTwoProcesses("naive", "mp-naive:");

        Map<String, Integer> runsPerEvent = new HashMap<>();
        runs.forEach(list -> list.forEach(event -> runsPerEvent.merge(event, 1, Integer::sum)));
        long eventsRunTwiceOrMore = runsPerEvent.values().stream().filter(count -> count > 1).count();
        assertThat(runsPerEvent).as("every event ran at least once").hasSize(EVENTS);
        assertThat(eventsRunTwiceOrMore).as("events whose handler ran more than once (negative control)").isPositive();
        System.out.printf("multi-process, naive GET-then-SET store: %d handler runs for %d events, %d events ran"
                + " more than once%n", runsPerEvent.values().stream().mapToInt(Integer::intValue).sum(), EVENTS,
                eventsRunTwiceOrMore);
    }

    private List<List<String>> deliverFromTwoProcesses(String store, String prefix) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                Path output = directory.resolve(store + "-" + p + ".txt");
                outputs.add(output);
                children.add(ChildJvm.start(ClaimWorkerMain.class, server.uri(), prefix, store,
                        Integer.toString(THREADS), Integer.toString(EVENTS), output.toString()));
            }
            for (ChildJvm child : children) {
                child.await("READY");
            }
            for (ChildJvm child : children) {
                child.send("GO");
            }
            for (ChildJvm child : children) {
                child.await("DONE");
                assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.process().exitValue()).isZero();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        List<List<String>> runs = new ArrayList<>();
        for (Path output : outputs) {
            runs.add(Files.readAllLines(output));
        }
        return runs;
    }
}
