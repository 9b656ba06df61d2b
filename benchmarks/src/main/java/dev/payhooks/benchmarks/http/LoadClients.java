package dev.payhooks.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code N} client threads sharing one {@code java.net.http.HttpClient} (HTTP/1.1 keep-alive), each
 * posting one delivery at a time, as fast as the server answers, until a deadline or a request
 * count; every answer's latency is kept (each thread's in its own growing array).
 */
public final class LoadClients {

    private LoadClients() {
    }

    /** @return an HTTP/1.1 client (keep-alive connections, one per concurrent request) */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Runs the clients.
     *
     * @param client the shared client
     * @param uri where to post
     * @param deliveries the deliveries
     * @param clients how many concurrent clients
     * @param duration for how long at most
     * @param maxRequests how many requests at most, over all clients
     * @return the figures
     * @throws InterruptedException when interrupted
     */
    public static Result run(HttpClient client, URI uri, Deliveries deliveries, int clients, Duration duration, int maxRequests)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong remaining = new AtomicLong(maxRequests);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        Thread[] threads = new Thread[clients];
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int index = c;
            latencies[c] = new long[1024];
            threads[c] = new Thread(() -> {
                while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0) {
                    HttpRequest request = deliveries.next(uri);
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long elapsed = System.nanoTime() - t0;
                    if (status != 200) {
                        errors[index]++;
                    }
                    if (counts[index] == latencies[index].length) {
                        latencies[index] = Arrays.copyOf(latencies[index], counts[index] * 2);
                    }
                    latencies[index][counts[index]++] = elapsed;
                }
            }, "client-" + c);
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - started;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total, nanos, Arrays.stream(errors).sum(), all);
    }

    /**
     * One run's figures.
     *
     * @param count requests sent
     * @param nanos wall time of the run
     * @param errors answers that were not 200 (or no answer)
     * @param latencies every latency kept, sorted, in nanoseconds
     */
    public record Result(int count, long nanos, long errors, long[] latencies) {

        public double perSecond() {
            return count / (nanos / 1e9);
        }

        public double percentileMicros(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1000.0;
        }
    }
}
