package dev.payhooks.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on many threads released at the same moment: the contracts' concurrency cases and
 * the child JVMs of the multi-process claim race.
 */
public final class Race {

    /** What each thread runs. */
    @FunctionalInterface
    public interface Task {
        /**
         * One thread's work.
         *
         * @param thread the thread's number, from 0
         * @throws Exception to fail the case
         */
        void run(int thread) throws Exception;
    }

    private Race() {
    }

    /**
     * Starts {@code threads} threads, releases them together and waits for all (a minute each at the
     * most, generous for a loaded machine); the first failure fails the case.
     *
     * @param threads how many
     * @param task what each runs
     * @throws Exception a thread's failure, or a timeout
     */
    public static void run(int threads, Task task) throws Exception {
        run(threads, Duration.ofMinutes(1), task);
    }

    /**
     * Starts {@code threads} threads, releases them together and waits for all, each for at most
     * {@code timeout}; the first failure is thrown as it was thrown (not wrapped).
     *
     * @param threads how many
     * @param timeout how long each thread may take, generous for a loaded machine
     * @param task what each runs
     * @throws Exception a thread's failure, or a timeout
     */
    public static void run(int threads, Duration timeout, Task task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
