package dev.payhooks.jdbc;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A measurement, not a test: with the inbox on PostgreSQL, the HTTP answer does not wait for a
 * handler that blocks for 5 seconds. Real HTTP over loopback: the JDK's built-in HTTP server
 * ({@code com.sun.net.httpserver}, 8 threads) hands each POST to core's {@link WebhookReceiver}
 * directly (no servlet filter: this module may not depend on servlet or Jetty), the receiver stores
 * the delivery in the {@link JdbcInbox} and answers; an {@link InboxProcessor} with 4 workers runs
 * the 5-second handler meanwhile. 4 client threads ({@link HttpURLConnection}, keep-alive) send
 * {@value #WARM_UP} warm-up deliveries, then {@value #MEASURED} measured ones; each answer's time
 * is from opening the request to the last byte of the answer. For contrast, 4 deliveries are then sent
 * to the same endpoint in synchronous mode (idempotency store, same handler).
 *
 * <p>Run by hand (about 40 seconds):
 * {@code mvn -B -q -pl jdbc verify -Dpayhooks.loadrun=true -Dtest=InboxResponseTimeLoadRun -Dsurefire.failIfNoSpecifiedTests=false}
 */
class InboxResponseTimeLoadRun {

    private static final int WARM_UP = 1_000;
    private static final int MEASURED = 5_000;
    private static final int CLIENTS = 4;
    private static final Duration HANDLER_BLOCKS = Duration.ofSeconds(5);

    @Test
    @EnabledIfSystemProperty(named = "payhooks.loadrun", matches = "true")
    void measuresTheAnswerTimeWhileTheHandlerBlocks() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        String loadBefore = loadAverage();
        AtomicInteger handlerStarts = new AtomicInteger();
        try (HikariDataSource pool = TestDatabases.postgresPool("loadrun-inbox", 16)) {
            TestDatabases.drop(pool, "loadrun_inbox");
            TestDatabases.drop(pool, "loadrun_sync");
            JdbcInbox inbox = JdbcInbox.builder(pool).tableName("loadrun_inbox").createSchemaIfMissing(true).build();
            inbox.initialize();
            WebhookReceiver queued = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                    .on("test.event", event -> {
                        handlerStarts.incrementAndGet();
                        Thread.sleep(HANDLER_BLOCKS.toMillis());
                    }).build();
            JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).tableName("loadrun_sync").createSchemaIfMissing(true).build();
            WebhookReceiver synchronous = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .on("test.event", event -> Thread.sleep(HANDLER_BLOCKS.toMillis())).build();
            InboxProcessor workers = InboxProcessor.builder(queued, inbox).threads(4).shutdownTimeout(Duration.ofSeconds(1)).build();
            workers.start();
            // Without TCP_NODELAY the JDK server sends the body after the headers in a second small
            // packet, which waits for the client's delayed ACK (about 40 ms): an artefact of this
            // harness, not of the receiver.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/inbox", exchange -> answer(exchange, queued));
            server.createContext("/sync", exchange -> answer(exchange, synchronous));
            ExecutorService serverThreads = Executors.newFixedThreadPool(8);
            server.setExecutor(serverThreads);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.getAddress().getPort();
                send(base + "/inbox", "warm_", WARM_UP);
                long measureStarted = System.nanoTime();
                long[] nanos = send(base + "/inbox", "evt_", MEASURED);
                double seconds = (System.nanoTime() - measureStarted) / 1e9;
                long[] sync = send(base + "/sync", "sync_", CLIENTS);
                String loadAfter = loadAverage();
                Arrays.sort(nanos);
                Arrays.sort(sync);
                System.out.printf(Locale.ROOT, "inbox on PostgreSQL, handler blocks %d s, %d measured deliveries from %d client threads"
                        + " over loopback (JDK HttpServer -> WebhookReceiver):%n", HANDLER_BLOCKS.toSeconds(), MEASURED, CLIENTS);
                System.out.printf(Locale.ROOT, "  %d deliveries in %.1f s (%.0f/s)%n", MEASURED, seconds, MEASURED / seconds);
                System.out.printf(Locale.ROOT, "  answer time p50 %.2f ms, p99 %.2f ms, max %.2f ms; all answered 200 QUEUED;"
                        + " handler attempts started meanwhile: %d%n", millis(percentile(nanos, 50)), millis(percentile(nanos, 99)),
                        millis(nanos[nanos.length - 1]), handlerStarts.get());
                System.out.printf(Locale.ROOT, "  synchronous mode, same handler, %d deliveries: p50 %.0f ms, max %.0f ms%n", CLIENTS,
                        millis(percentile(sync, 50)), millis(sync[sync.length - 1]));
                System.out.println("  load average before: " + loadBefore + "; after: " + loadAfter + "; machine: "
                        + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
            } finally {
                server.stop(0);
                serverThreads.shutdownNow();
                workers.close();
            }
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, WebhookReceiver receiver) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        WebhookResponse response = receiver.receive(TestSource.delivery(new String(body, StandardCharsets.UTF_8)));
        byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** Sends {@code count} deliveries from {@value #CLIENTS} threads; returns each answer's time in nanoseconds. */
    private static long[] send(String url, String prefix, int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    List<Long> times = new ArrayList<>();
                    for (int i = client; i < count; i += CLIENTS) {
                        times.add(post(url, (prefix + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    return times.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                for (long time : future.get(10, TimeUnit.MINUTES)) {
                    all.add(time);
                }
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            clients.shutdownNow();
        }
    }

    private static long post(String url, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setFixedLengthStreamingMode(body.length);
        long started = System.nanoTime();
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        long elapsed = System.nanoTime() - started;
        if (status != 200) {
            throw new IllegalStateException("answered " + status + " to " + new String(body, StandardCharsets.UTF_8));
        }
        return elapsed;
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "n/a";
        }
    }
}
