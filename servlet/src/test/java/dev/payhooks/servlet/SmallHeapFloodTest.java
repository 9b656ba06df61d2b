package dev.payhooks.servlet;

import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack that used to end in {@code OutOfMemoryError}, against a server JVM with a 256 MiB heap
 * (and {@code -XX:+ExitOnOutOfMemoryError}, so an OOM kills it and the test sees a dead process):
 * 400 connections that declare a 1 MiB body and send one byte, then 400 concurrent valid 1 MiB
 * deliveries. With the default 64 MiB budget nothing runs out of memory, every valid delivery is
 * answered 200 or 503 (with {@code Retry-After}), every 200 was handled exactly once and every 503
 * not at all. Before the budget, buffers were allocated for the declared length: 400 MiB of
 * promises in a 256 MiB heap.
 */
class SmallHeapFloodTest {

    private static final int MIB = 1 << 20;
    private static final int TEASERS = 400;
    private static final int VALID = 400;

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void survivesTheFloodWithoutOutOfMemory(String containerName) throws Exception {
        Process server = startServer(containerName, false);
        List<Socket> teasers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String portLine = out.readLine();
            assertThat(portLine).as("the server started").startsWith("PORT ");
            int port = Integer.parseInt(portLine.substring(5).trim());
            // The server's output is drained by a thread of its own. Not by CompletableFuture.runAsync:
            // this read blocks until the server exits, and since JDK 25 CompletableFuture's default
            // executor is the common ForkJoinPool even when its parallelism is 1, as on a 2-CPU machine
            // (JDK 17 started a new thread per task there; https://bugs.openjdk.org/browse/JDK-8319447).
            // HttpClient.sendAsync completes the futures it returns on that same default executor, so
            // with the drain parked on the only common-pool worker no response ever reached this test:
            // the server had answered, but every get(180 s) below timed out (the failure seen on 25).
            Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "flood-server-output");
            drain.setDaemon(true);
            drain.start();

            for (int i = 0; i < TEASERS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write(("POST /hook/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + MIB + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                teasers.add(socket);
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            Map<String, CompletableFuture<HttpResponse<String>>> sent = new HashMap<>();
            for (int i = 0; i < VALID; i++) {
                String id = "evt_flood_" + i;
                byte[] body = body(id);
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/x"))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                        .header(TestScheme.TIMESTAMP_HEADER, Long.toString(FloodServer.NOW))
                        .header(TestScheme.SIGNATURE_HEADER,
                                TestScheme.signature(FloodServer.SECRET, Long.toString(FloodServer.NOW), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                sent.put(id, client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            Map<String, Integer> statuses = new HashMap<>();
            for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> entry : sent.entrySet()) {
                HttpResponse<String> response;
                try {
                    response = entry.getValue().get(180, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("delivery " + entry.getKey() + " got no answer (server alive: "
                            + server.isAlive() + ")", e);
                }
                assertThat(response.statusCode()).as(entry.getKey()).isIn(200, 503);
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).as(entry.getKey()).isPresent();
                }
                statuses.put(entry.getKey(), response.statusCode());
            }
            assertThat(server.isAlive()).as("no OutOfMemoryError (the server exits on one)").isTrue();

            Map<String, Integer> runs = stats(client, port);
            statuses.forEach((id, status) -> assertThat(runs.getOrDefault(id, 0)).as(id + " answered " + status)
                    .isEqualTo(status == 200 ? 1 : 0));
            long ok = statuses.values().stream().filter(s -> s == 200).count();
            assertThat(ok).as("most valid deliveries get through").isPositive();
            System.out.printf("%s, -Xmx256m, 64 MiB budget: %d teasers held open; of %d valid 1 MiB deliveries %d"
                    + " answered 200, %d answered 503; no OutOfMemoryError%n", containerName, TEASERS, VALID, ok, VALID - ok);
        } finally {
            for (Socket socket : teasers) {
                socket.close();
            }
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The negative control: the same teasers against a filter that allocates the declared length
     * up front (what the adapter did before) kill the same 256 MiB server with an
     * {@code OutOfMemoryError}, so the test above would see a dead server.
     */
    @org.junit.jupiter.api.Test
    void theNaiveControlRunsOutOfMemoryUnderTheSameTeasers() throws Exception {
        Process server = startServer("jetty", true);
        List<Socket> teasers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String portLine = out.readLine();
            assertThat(portLine).startsWith("PORT ");
            int port = Integer.parseInt(portLine.substring(5).trim());
            for (int i = 0; i < TEASERS && server.isAlive(); i++) {
                try {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.getOutputStream().write(("POST /hook/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + MIB + "\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                    teasers.add(socket);
                } catch (IOException refused) {
                    break;
                }
            }
            assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("the naive server died").isTrue();
            assertThat(server.exitValue()).as("exit on OutOfMemoryError").isNotZero();
        } finally {
            for (Socket socket : teasers) {
                socket.close();
            }
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process startServer(String containerName, boolean naive) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                FloodServer.class.getName(), containerName));
        if (naive) {
            command.add("naive");
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Map<String, Integer> stats(HttpClient client, int port) throws IOException, InterruptedException {
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Integer> runs = new HashMap<>();
        for (String line : body.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && parts[0].startsWith("evt_")) {
                runs.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return runs;
    }

    private static byte[] body(String id) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"flood.test\",\"data\":{\"pad\":[";
        String tail = "]}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream(MIB);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        int room = MIB - head.length() - tail.length();
        // Strings under the JSON string-length limit, separated by commas.
        int piece = 100_000;
        boolean first = true;
        while (room > 0) {
            int take = Math.min(room, piece + 3) - (first ? 0 : 1);
            if (!first) {
                out.write(',');
            }
            int content = Math.max(0, take - 2);
            out.write('"');
            out.writeBytes("a".repeat(content).getBytes(StandardCharsets.US_ASCII));
            out.write('"');
            room -= content + 2 + (first ? 0 : 1);
            first = false;
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(MIB);
        return bytes;
    }
}
