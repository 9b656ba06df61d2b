package dev.payhooks.ordering;

import dev.payhooks.Ordering;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import static dev.payhooks.ordering.OrderedObjects.TS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded property: for random histories of one refund (created, updates, a failure, same-second
 * pairs), delivered in random order with duplicates from several threads, with handlers that fail
 * now and then, the handler never sees an event older than one it already completed for the
 * object, and the state it applied last is the newest event's. Ties are resolved by the refetcher,
 * which answers with the provider's current state (the last event's), as a real API would.
 */
class OrderingPropertyTest {

    private static final int HISTORIES = 120;
    private static final int THREADS = 4;

    @Test
    void handlersNeverGoBackInTimeAndEndOnTheNewestState() throws Exception {
        long baseSeed = Long.getLong("payhooks.seed", System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int h = 0; h < HISTORIES; h++) {
                long seed = baseSeed + h;
                assertThat(runHistory(seed, pool, true)).as("seed %d (rerun with -Dpayhooks.seed=%d)", seed, seed).isNull();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The same harness without the guard: last arrival wins, and the property fails. */
    @Test
    void withoutTheGuardTheSameHarnessFails() throws Exception {
        long baseSeed = Long.getLong("payhooks.seed", System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<String> failures = new ArrayList<>();
        try {
            for (int h = 0; h < HISTORIES; h++) {
                String failure = runHistory(baseSeed + h, pool, false);
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).as("base seed %d", baseSeed).isNotEmpty();
    }

    private record Step(String id, String type, long created, String status) {
    }

    private static List<Step> history(Random random) {
        List<Step> steps = new ArrayList<>();
        long created = TS + random.nextInt(1000);
        int updates = 1 + random.nextInt(6);
        steps.add(new Step("evt_c", "refund.created", created, "pending"));
        for (int i = 0; i < updates; i++) {
            created += random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(120); // a third are same-second pairs
            steps.add(new Step("evt_u" + i, "refund.updated", created, "s" + i));
        }
        if (random.nextBoolean()) {
            created += random.nextInt(2) == 0 ? 0 : 1 + random.nextInt(60);
            steps.add(new Step("evt_f", "refund.failed", created, "failed"));
        }
        return steps;
    }

    /** Runs one history; returns what went wrong, or {@code null}. */
    private static String runHistory(long seed, ExecutorService pool, boolean guarded) throws Exception {
        Random random = new Random(seed);
        List<Step> steps = history(random);
        Step newest = steps.get(steps.size() - 1);
        String objectId = "re_" + seed;
        Object lock = new Object();
        long[] newestCompleted = {Long.MIN_VALUE};
        String[] state = {null};
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        double failureRate = random.nextInt(4) * 0.1;

        WebhookReceiver.Builder builder = WebhookReceiver.builder().source(OrderedObjects.source())
                .clock(new MutableClock(Instant.ofEpochSecond(TS)));
        if (guarded) {
            builder.ordering(Ordering.builder().refetcher((event, object) -> "{\"id\":\"" + object.id() + "\",\"status\":\""
                    + newest.status() + "\"}").build());
        }
        WebhookReceiver receiver = builder.on("refund.*", event -> {
                    long created = event.created().orElseThrow().getEpochSecond();
                    synchronized (lock) {
                        if (created < newestCompleted[0]) {
                            violations.add(event.id() + " (created " + created + ") ran after an event created "
                                    + newestCompleted[0] + " completed");
                        }
                    }
                    if (ThreadLocalRandom.current().nextDouble() < failureRate) {
                        throw new IllegalStateException("handler failure injected by the property test");
                    }
                    String applied = event.isTie()
                            ? event.refetched(OrderedObjects.RefundState.class).orElseThrow().status()
                            : event.data(OrderedObjects.RefundState.class).status();
                    synchronized (lock) {
                        state[0] = applied;
                        newestCompleted[0] = Math.max(newestCompleted[0], created);
                    }
                })
                .build();

        // Every step at least once, some twice or three times, in random order.
        List<Step> deliveries = new ArrayList<>();
        for (Step step : steps) {
            int copies = 1 + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
            for (int i = 0; i < copies; i++) {
                deliveries.add(step);
            }
        }
        Collections.shuffle(deliveries, random);
        ConcurrentLinkedQueue<Step> queue = new ConcurrentLinkedQueue<>(deliveries);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                int rounds = 0;
                Step step;
                while ((step = queue.poll()) != null) {
                    WebhookRequest request = OrderedObjects.delivery(step.id(), step.type(), objectId, step.created(), step.status());
                    WebhookResponse response = receiver.receive(request);
                    Outcome outcome = response.outcome();
                    if (outcome == Outcome.FAILED || outcome == Outcome.IN_PROGRESS) {
                        queue.add(step); // the provider retries later
                        if (++rounds > 100_000) {
                            throw new AssertionError("no progress after 100,000 retries");
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000); // as a provider waits before retrying
                    } else if (outcome != Outcome.HANDLED && outcome != Outcome.DUPLICATE && outcome != Outcome.STALE) {
                        throw new AssertionError("unexpected " + response);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        // A thread may finish while another still requeues: drain what is left on this thread.
        Step left;
        int rounds = 0;
        while ((left = queue.poll()) != null) {
            Outcome outcome = receiver.receive(OrderedObjects.delivery(left.id(), left.type(), objectId, left.created(),
                    left.status())).outcome();
            if (outcome == Outcome.FAILED || outcome == Outcome.IN_PROGRESS) {
                queue.add(left);
                assertThat(++rounds).as("seed %d: no progress", seed).isLessThan(100_000);
            }
        }
        if (!violations.isEmpty()) {
            return "seed " + seed + ", history " + steps + ": " + violations;
        }
        if (!newest.status().equals(state[0])) {
            return "seed " + seed + ", history " + steps + ": the last state applied was " + state[0] + ", not " + newest.status();
        }
        return null;
    }
}
