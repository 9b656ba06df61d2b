package dev.payhooks.spring.webflux;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.contract.HttpAdapterContract;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.DisposableServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.server.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared adapter suite on Spring WebFlux over Reactor Netty (a real loopback port), plus what
 * only a non-blocking stack must show: 200 handlers that block do not block the event loop.
 */
class WebFluxAdapterTest extends HttpAdapterContract {

    private static final int SLOW = 200;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(SLOW);
    private final Set<String> slowThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger slowRuns = new AtomicInteger();

    @Override
    protected Stack start(List<Mount> mounts, Controller controller) {
        List<WebFilter> filters = new ArrayList<>();
        for (Mount mount : mounts) {
            WebhookWebFilter.Builder builder = WebhookWebFilter.builder(mount.receiver()).paths(mount.path());
            mount.configure(builder);
            if (mount.passThrough()) {
                builder.passThrough();
            }
            filters.add(builder.build());
        }
        // Handlers that block until the test releases them, on a receiver that admits all of them at once.
        WebhookReceiver slow = WebhookReceiver.builder().source(TestScheme.source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).maxConcurrentDeliveries(SLOW)
                .otherwise(event -> {
                    slowThreads.add(Thread.currentThread().getName());
                    slowStarted.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    slowRuns.incrementAndGet();
                }).build();
        filters.add(WebhookWebFilter.of(slow, "/slow"));
        // A short read deadline on the suite's main receiver, for a sender that stops mid-body.
        filters.add(WebhookWebFilter.builder(mounts.get(0).receiver()).paths("/deadline")
                .readTimeout(Duration.ofSeconds(1)).build());

        HttpHandler handler = WebHttpHandlerBuilder.webHandler(exchange -> application(exchange, controller))
                .filters(list -> list.addAll(filters)).build();
        // Event loops of the server's own, so the test's clients never share a thread with it.
        LoopResources loops = LoopResources.create("webflux-test-server", 2, true);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).runOn(loops)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        return new Stack() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String name() {
                return "Spring WebFlux " + WebHttpHandlerBuilder.class.getPackage().getImplementationVersion()
                        + " on Reactor Netty " + HttpServer.class.getPackage().getImplementationVersion();
            }

            @Override
            public void stop() {
                server.disposeNow();
                loops.disposeLater().block(Duration.ofSeconds(10));
            }
        };
    }

    /** The application behind the filters: the pass-through controller on /pass, 404 elsewhere. */
    private static Mono<Void> application(ServerWebExchange exchange, Controller controller) {
        if (!exchange.getRequest().getPath().value().startsWith("/pass")) {
            controller.fellThrough();
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        }
        return DataBufferUtils.join(exchange.getRequest().getBody()).map(joined -> {
            byte[] body = new byte[joined.readableByteCount()];
            joined.read(body);
            DataBufferUtils.release(joined);
            return body;
        }).flatMap(body -> {
            Event event = exchange.getAttribute(WebhookWebFilter.EVENT_ATTRIBUTE);
            WebhookResponse answer = exchange.getAttribute(WebhookWebFilter.RESPONSE_ATTRIBUTE);
            String text = controller.passedThrough(event, body, answer);
            exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
            exchange.getResponse().getHeaders().set("X-Outcome", answer.outcome().name());
            DataBuffer out = exchange.getResponse().bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
            return exchange.getResponse().writeWith(Mono.just(out));
        });
    }

    @AfterAll
    void releaseSlowHandlers() {
        release.countDown();
    }

    @Test
    void twoHundredSlowHandlersDoNotBlockTheEventLoop() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            byte[] body = event(newId(), "slow.handler", "{}");
            slow.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack().port() + "/slow"))
                    .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                    .header("X-Test-Timestamp", Long.toString(NOW)).header("X-Test-Signature", sign(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(slowStarted.await(60, TimeUnit.SECONDS)).as("all 200 handlers are running, and blocked").isTrue();

        // Every handler is blocked; the event loop still reads, verifies on the scheduler and answers.
        // A client of its own: its own event loop and a new connection per request.
        LoopResources clientLoops = LoopResources.create("webflux-test-client", 1, true);
        WebTestClient web = WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection()).runOn(clientLoops)))
                .baseUrl("http://127.0.0.1:" + stack().port()).responseTimeout(Duration.ofSeconds(30)).build();
        try {
            for (int i = 0; i < 20; i++) {
                String id = newId();
                byte[] body = event(id, "while.blocked", "{}");
                // expectBody(...).returnResult(), not expectStatus(): the return types of the status
                // assertions differ between Spring 6.2 and 7, and this test runs on both. It reads each
                // body whole.
                EntityExchangeResult<String> answer = web.post().uri("/hook").header("Content-Type", "application/json")
                        .header("X-Test-Timestamp", Long.toString(NOW)).header("X-Test-Signature", sign(body))
                        .bodyValue(body).exchange().expectBody(String.class).returnResult();
                assertThat(answer.getStatus().value()).isEqualTo(200);
                assertThat(answer.getResponseBody()).isEqualTo("ok");
                assertThat(handlerRuns(id)).isEqualTo(1);
                EntityExchangeResult<String> elsewhere = web.get().uri("/elsewhere").exchange().expectBody(String.class)
                        .returnResult();
                assertThat(elsewhere.getStatus().value()).isEqualTo(404);
            }
        } catch (RuntimeException | AssertionError e) {
            // Say what the server's threads were doing, so a failure here can be diagnosed.
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                boolean blockedHandler = thread.getName().startsWith("payhooks-") && slowThreads.contains(thread.getName());
                if (thread.getName().startsWith("webflux-test-server")
                        || thread.getName().startsWith("payhooks-") && !blockedHandler) {
                    threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                    for (int frame = 0; frame < Math.min(6, stack.length); frame++) {
                        threads.append("\n    at ").append(stack[frame]);
                    }
                }
            });
            throw new AssertionError("a delivery was not answered while the slow handlers blocked; threads:" + threads, e);
        }
        assertThat(slow).noneMatch(CompletableFuture::isDone);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> response : slow) {
            assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(slowRuns.get()).isEqualTo(SLOW);
        clientLoops.disposeLater().block(Duration.ofSeconds(10));
        assertThat(slowThreads).as("handlers ran on the filter's scheduler, never on a Netty event loop")
                .hasSize(SLOW).allSatisfy(name -> assertThat(name).startsWith("payhooks-test-"));
    }

    @Test
    void answersABodyThatStopsArrivingWith408AtTheReadDeadline() throws Exception {
        // Half the body, then nothing: read without blocking, so no thread waits; the deadline answers.
        String id = newId();
        byte[] body = event(id, "stalled.body", "{}");
        String head = "POST /deadline HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Test-Timestamp: " + NOW + "\r\nX-Test-Signature: " + sign(body) + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }

            assertThat(line.toString(StandardCharsets.US_ASCII)).as(stack().name()).startsWith("HTTP/1.1 408");
            assertThat(handlerRuns(id)).isZero();
        }
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((NOW + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
