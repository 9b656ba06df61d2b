package dev.payhooks.testkit.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released at the same moment, for the contracts' concurrency cases. */
final class Race {

    /** What each thread runs. */
    @FunctionalInterface
    interface Task {
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
    static void run(int threads, Task task) throws Exception {
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
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
