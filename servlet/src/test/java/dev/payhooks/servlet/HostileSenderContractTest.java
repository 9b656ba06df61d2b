package dev.payhooks.servlet;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an unauthenticated sender can do to a webhook endpoint, tried over real connections against
 * the filter and the servlet in a real container with its default thread pool, beyond what the test
 * kit's contract ({@link ContainerContractTest}) tries: bodies that stop arriving (the read
 * deadline), broken transfer codings, slow senders, and a body cut short with blocking reads. Every
 * such request is answered 400 or 408 (never 5xx), runs no handler, and costs no thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileSenderContractTest {

    private static final String SECRET = "whsec_hostile_suite_0b7e";
    private static final long NOW = 1_800_000_000L;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private ServletContainer container;
    private HttpClient client;

    abstract ServletContainer newContainer();

    @BeforeAll
    void start() throws Exception {
        WebhookReceiver main = WebhookReceiver.builder()
                .source(TestScheme.source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .otherwise(event -> runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet())
                .build();
        container = newContainer();
        container.start(List.of(
                ServletContainer.Mount.filter("/filter/*", WebhookFilter.builder(main).readTimeout(READ_TIMEOUT).build()),
                ServletContainer.Mount.servlet("/servlet/*", WebhookServlet.builder(main).readTimeout(READ_TIMEOUT).build()),
                ServletContainer.Mount.filter("/blocking/*", WebhookFilter.of(main)).blocking(),
                // Tomcat runs a filter chain only for a request some servlet is mapped to.
                ServletContainer.Mount.servlet("/", new NotFound())));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthHeldOpenIsAnswered408AtTheDeadline() throws Exception {
        for (String path : List.of("/filter/hook", "/servlet/hook")) {
            String id = newId();
            byte[] body = event(id);
            String head = head(path, body, "Content-Length: " + (body.length + 50));

            String status = statusLine(concat(head, body), false);

            assertThat(status).as(container.name() + " " + path).startsWith("HTTP/1.1 408");
            assertThat(runs(id)).isZero();
        }
    }

    /** The contract cuts bodies short on async-supported registrations; this is the blocking one. */
    @Test
    void aBodyCutShortByTheSenderIsAnswered400WithBlockingReads() throws Exception {
        String id = newId();
        byte[] body = event(id);
        String head = head("/blocking/hook", body, "Content-Length: " + (body.length + 50));

        String status = statusLine(concat(head, body), true);

        // The sender closed its side: a 400 (or, for a container that drops such a connection
        // itself, no answer at all), never a 5xx.
        assertThat(status).as(container.name()).matches("(HTTP/1.1 400.*)?");
        assertThat(runs(id)).isZero();
    }

    @Test
    void aChunkedBodyThatStopsMidChunkIsAnswered408AtTheDeadline() throws Exception {
        String id = newId();
        byte[] body = event(id);
        String head = head("/filter/hook", body, "Transfer-Encoding: chunked");
        // Announces a chunk 100 bytes longer than what is sent, then holds the connection open.
        byte[] message = concat(head + Integer.toHexString(body.length + 100) + "\r\n", body);

        assertThat(statusLine(message, false)).as(container.name()).startsWith("HTTP/1.1 408");
        assertThat(runs(id)).isZero();
    }

    @Test
    void brokenChunkedCodingIsNeverAServerError() throws Exception {
        for (String path : List.of("/filter/hook", "/blocking/hook")) {
            String id = newId();
            byte[] body = event(id);
            String head = head(path, body, "Transfer-Encoding: chunked");
            byte[] message = concat((head + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    body, "\r\nzz-not-a-size\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            String status = statusLine(message, false);

            assertThat(status).as(container.name() + " " + path).matches("HTTP/1.1 4\\d\\d.*|");
            assertThat(runs(id)).isZero();
        }
    }

    @Test
    void slowSendersNeitherStarveValidDeliveriesNorReachAHandler() throws Exception {
        int slow = 300;
        int valid = 50;
        List<Socket> sockets = new ArrayList<>();
        List<String> slowIds = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < slow; i++) {
                String id = newId();
                slowIds.add(id);
                byte[] body = event(id);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port());
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(concat(head("/filter/hook", body, "Content-Length: " + body.length),
                        new byte[] {body[0]}));
                sockets.add(socket);
            }
            // Trickle: one more byte from every slow sender every 2 s, while the valid ones are sent.
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                for (int round = 1; round <= 3; round++) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < sockets.size(); i++) {
                        try {
                            sockets.get(i).getOutputStream().write(event(slowIds.get(i))[round]);
                        } catch (IOException closed) {
                            // answered 408 and closed: expected once the deadline passes
                        }
                    }
                }
            });

            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            List<String> validIds = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < valid; i++) {
                String id = newId();
                validIds.add(id);
                byte[] body = event(id);
                sent.add(readers.submit(() -> client.send(signed("/filter/hook", body)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> response : sent) {
                // Answered while every slow sender still holds its connection open (their deadline
                // is 3 s away): the slow ones hold buffers, not threads.
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).as(container.name()).isEqualTo(200);
            }
            long validMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            for (String id : validIds) {
                assertThat(runs(id)).isEqualTo(1);
            }

            List<Future<String>> slowAnswers = new ArrayList<>();
            for (Socket socket : sockets) {
                slowAnswers.add(readers.submit(() -> readStatusLine(socket.getInputStream())));
            }
            int timedOut = 0;
            for (Future<String> answer : slowAnswers) {
                String line = answer.get(60, TimeUnit.SECONDS);
                assertThat(line).as(container.name()).matches("HTTP/1.1 408.*|");
                timedOut += line.startsWith("HTTP/1.1 408") ? 1 : 0;
            }
            trickle.get(30, TimeUnit.SECONDS);
            assertThat(timedOut).as("the slow senders end at their deadline").isEqualTo(slow);
            assertThat(slowIds).allSatisfy(id -> assertThat(runs(id)).isZero());
            System.out.printf("%s: %d valid deliveries answered 200 in %d ms beside %d slow senders%n",
                    container.name(), valid, validMillis, slow);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            readers.shutdownNow();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private int runs(String id) {
        AtomicInteger count = runs.get(id);
        return count == null ? 0 : count.get();
    }

    private String newId() {
        return "evt_hostile_" + getClass().getSimpleName() + "_" + ids.incrementAndGet();
    }

    private HttpRequest.Builder signed(String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(TestScheme.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(TestScheme.SIGNATURE_HEADER, TestScheme.signature(SECRET, Long.toString(NOW), body));
    }

    private String head(String path, byte[] body, String lengthHeader) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + TestScheme.TIMESTAMP_HEADER + ": " + NOW + "\r\n"
                + TestScheme.SIGNATURE_HEADER + ": " + TestScheme.signature(SECRET, Long.toString(NOW), body) + "\r\n"
                + lengthHeader + "\r\n\r\n";
    }

    /** Sends raw bytes, optionally closes the sending side, and returns the status line ("" if none). */
    private String statusLine(byte[] message, boolean closeOutput) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return readStatusLine(socket.getInputStream());
        }
    }

    private static String readStatusLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
        } catch (IOException reset) {
            // a connection closed without an answer reads as an empty status line
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    private static byte[] event(String id) {
        return ("{\"id\":\"" + id + "\",\"type\":\"hostile.test\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String head, byte[] body) {
        return concat(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Answers whatever no filter answered, so a request that slips through shows as 404. */
    private static final class NotFound extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest request,
                               jakarta.servlet.http.HttpServletResponse response) throws IOException {
            response.sendError(404);
        }
    }
}
