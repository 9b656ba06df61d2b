package dev.payhooks.testkit.contract;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.MemoryBudget;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.ResponsePolicy;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.HttpAdapterBuilder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one suite every HTTP adapter runs (the servlet filter and servlet on Jetty and Tomcat, Jakarta
 * REST on Jersey and RESTEasy, Spring WebFlux on Reactor Netty): real HTTP over loopback with
 * {@link HttpClient}, and a raw socket where the client must misbehave. The cases: byte-exact
 * bodies, tampering, sized and chunked 413, 405, 415, duplicates, handler failure and retry,
 * exactly-once under concurrency, pass-through, tenants from the path and the query string, log
 * redaction, requests to other paths, bodies cut short and the memory budget.
 *
 * <p>A subclass starts its stack once, with the {@link Mount}s it is given (one adapter each,
 * configured with {@link Mount#configure}), and mounts a pass-through resource that answers through
 * {@link Controller}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpAdapterContract {

    /** The secret of every receiver but the tenant one. */
    protected static final String SECRET = "whsec_adapter_suite_7d1c90e2";
    private static final String TENANT_SECRET = "whsec_adapter_tenant_m42_9a";
    /** The fixed clock's Unix second, the timestamp of every signature. */
    protected static final long NOW = 1_800_000_000L;
    private static final int MIB = 1 << 20;
    private static final String JSON = "application/json";
    private static final String DELIVERY_HEADER = "X-Test-Delivery";

    private final Recorder handler = new Recorder();
    private final Map<String, byte[]> verifiedBodies = new ConcurrentHashMap<>();
    private final List<WebhookResponse> answers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger controllerRuns = new AtomicInteger();
    private final AtomicInteger fellThrough = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final MemoryBudget smallBudget = MemoryBudget.ofBytes(256 * 1024);
    private Stack stack;
    private HttpClient client;

    /** For subclasses, one per stack under test. */
    protected HttpAdapterContract() {
    }

    /**
     * One endpoint of the adapter under test.
     *
     * @param path {@code /a} or {@code /a/*} (that path and below)
     * @param receiver the receiver
     * @param maxBodyBytes the adapter's limit, or 0 for the receiver's
     * @param contentTypes accepted types, empty for the default (JSON)
     * @param anyContentType whether every type is accepted
     * @param passThrough whether verified events go on to the application's {@link Controller}
     */
    public record Mount(String path, WebhookReceiver receiver, int maxBodyBytes, List<String> contentTypes,
                        boolean anyContentType, boolean passThrough) {
        static Mount of(String path, WebhookReceiver receiver) {
            return new Mount(path, receiver, 0, List.of(), false, false);
        }

        /**
         * Sets this mount's body limit and content types on an adapter's builder; the path and
         * pass-through are each adapter's own to set.
         *
         * @param builder the adapter's builder
         * @param <B> the builder's type
         * @return the builder
         */
        public <B extends HttpAdapterBuilder<B>> B configure(B builder) {
            if (maxBodyBytes > 0) {
                builder.maxBodyBytes(maxBodyBytes);
            }
            if (!contentTypes.isEmpty()) {
                builder.acceptContentTypes(contentTypes.toArray(String[]::new));
            }
            if (anyContentType) {
                builder.acceptAnyContentType();
            }
            return builder;
        }
    }

    /** The application code behind the adapter: the pass-through resource and the catch-all. */
    public interface Controller {
        /**
         * The pass-through resource ran: answer 202 with this text and {@code X-Outcome} set to
         * the receiver's outcome.
         *
         * @param event the event the adapter handed over (property or entity parameter)
         * @param replayedBody the body the resource read
         * @param response the receiver's answer the adapter handed over
         * @return the text to answer
         */
        String passedThrough(Event event, byte[] replayedBody, WebhookResponse response);

        /** A request reached the application's catch-all: the adapter did not answer it. */
        void fellThrough();
    }

    /** A started stack. */
    public interface Stack {
        /**
         * The port the stack listens on.
         *
         * @return the loopback port
         */
        int port();

        /**
         * A name for reports.
         *
         * @return the stack and its version
         */
        String name();

        /**
         * Stops the stack.
         *
         * @throws Exception when it does not stop cleanly
         */
        void stop() throws Exception;
    }

    /**
     * Starts the stack on an ephemeral loopback port, with one adapter per mount, a pass-through
     * resource on the pass-through mount's path that answers through the controller, and a
     * catch-all for every other path that answers 404 after calling {@link Controller#fellThrough()}.
     *
     * @param mounts the endpoints
     * @param controller the application code
     * @return the started stack
     * @throws Exception when it does not start
     */
    protected abstract Stack start(List<Mount> mounts, Controller controller) throws Exception;

    @BeforeAll
    void startStack() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        WebhookListener recorder = new WebhookListener() {
            @Override
            public void onCompleted(WebhookResponse response, Duration elapsed) {
                answers.add(response);
            }
        };
        WebhookReceiver main = WebhookReceiver.builder().source(source(SecretResolver.of(SECRET), jsonDecoder()))
                .clock(clock).listener(recorder).otherwise(handler).build();
        WebhookReceiver opaque = WebhookReceiver.builder().source(source(SecretResolver.of(SECRET), opaqueDecoder()))
                .clock(clock).otherwise(handler).build();
        WebhookReceiver strict = WebhookReceiver.builder().source(source(SecretResolver.of(SECRET), jsonDecoder()))
                .clock(clock)
                .responsePolicy(ResponsePolicy.builder()
                        .status(RejectionReason.NO_MATCHING_SIGNATURE, 400)
                        .status(RejectionReason.UNSUPPORTED_MEDIA_TYPE, 400)
                        .status(RejectionReason.BODY_TOO_LARGE, 400)
                        .build())
                .otherwise(handler).build();
        TenantKey merchant = TenantKey.pathSegment(1);
        TenantKey profile = TenantKey.queryParameter("profile");
        SecretResolver perTenant = request -> {
            String tenant = merchant.tenantOf(request).orElse("?") + "/" + profile.tenantOf(request).orElse("?");
            if (!tenant.equals("m_42/gp 7")) {
                throw new WebhookVerificationException(RejectionReason.UNKNOWN_TENANT, "unknown tenant");
            }
            return ResolvedSecrets.of(tenant, List.of(WebhookSecret.of(TENANT_SECRET)));
        };
        WebhookReceiver tenants = WebhookReceiver.builder().source(source(perTenant, jsonDecoder())).clock(clock)
                .otherwise(handler).build();
        WebhookReceiver passing = WebhookReceiver.builder().source(source(SecretResolver.of(SECRET), jsonDecoder()))
                .clock(clock).on("pass.handled", handler).build();
        WebhookReceiver budgeted = WebhookReceiver.builder().source(source(SecretResolver.of(SECRET), jsonDecoder()))
                .clock(clock).memoryBudget(smallBudget).maxBodyBytes(64 * 1024).listener(recorder)
                .otherwise(handler).build();

        stack = start(List.of(
                Mount.of("/hook", main),
                new Mount("/small", main, 1024, List.of(), false, false),
                new Mount("/form", main, 0, List.of("application/x-www-form-urlencoded"), false, false),
                new Mount("/opaque", opaque, 0, List.of(), true, false),
                Mount.of("/strict", strict),
                Mount.of("/tenant/*", tenants),
                new Mount("/pass/*", passing, 0, List.of(), false, true),
                Mount.of("/budget", budgeted)), new Controller() {
                    @Override
                    public String passedThrough(Event event, byte[] replayedBody, WebhookResponse response) {
                        controllerRuns.incrementAndGet();
                        return event.id() + " " + event.type() + " " + sha256(replayedBody) + " " + replayedBody.length;
                    }

                    @Override
                    public void fellThrough() {
                        fellThrough.incrementAndGet();
                    }
                });
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.println("HTTP adapter contract on " + stack.name());
    }

    @AfterAll
    void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    /**
     * The stack under test, once started.
     *
     * @return the started stack
     */
    protected final Stack stack() {
        return stack;
    }

    // ---- valid deliveries ----------------------------------------------------------------------

    @Test
    void deliversAValidEventToTheHandler() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{\"amount\":1250}");

        HttpResponse<String> response = send("/hook", body, JSON);

        assertThat(response.statusCode()).as(stack.name()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(handler.runs(id)).isEqualTo(1);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crlf", "trailing-newline", "emoji", "one-mebibyte"})
    void verifiesBodiesByteForByte(String kind) throws Exception {
        String id = newId();
        byte[] body = switch (kind) {
            case "crlf" -> ("{\r\n  \"id\": \"" + id + "\",\r\n  \"type\": \"bytes.crlf\",\r\n  \"data\": {}\r\n}")
                    .getBytes(StandardCharsets.UTF_8);
            case "trailing-newline" -> (new String(event(id, "bytes.newline", "{}"), StandardCharsets.UTF_8) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            case "emoji" -> event(id, "bytes.emoji", "{\"note\":\"paid \uD83C\uDF89 \u2713 \u0E44\u0E17\u0E22 \u00e9\"}");
            case "one-mebibyte" -> padded(id, MIB);
            default -> throw new IllegalArgumentException(kind);
        };

        HttpResponse<String> response = send("/hook", body, JSON);

        assertThat(response.statusCode()).as(stack.name() + " " + kind).isEqualTo(200);
        assertThat(handler.body(id)).as(kind).isEqualTo(body);
    }

    @Test
    void verifiesInvalidUtf8ExactlyThenRefusesItAsNotUtf8() throws Exception {
        String id = newId();
        byte[] body = concat("{\"id\":\"" + id + "\",\"type\":\"bytes.invalid\",\"data\":{\"note\":\"",
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF0, 0x28},
                "\"}}");
        String delivery = "delivery-" + id;

        HttpResponse<String> json = send("/hook", body, JSON, DELIVERY_HEADER, delivery);
        // The signature over these exact bytes verified; the receiver's UTF-8 check then refused
        // them (400, not the 401 of a failed signature), as RFC 8259 section 8.1 requires UTF-8.
        assertThat(verifiedBodies.get(delivery)).isEqualTo(body);
        assertThat(json.statusCode()).as(stack.name()).isEqualTo(400);
        assertThat(handler.runs(id)).isZero();

        // A decoder that does not parse the body takes the same bytes all the way to the handler.
        HttpResponse<String> opaque = send("/opaque", body, "application/octet-stream",
                "X-Test-Event-Id", id, "X-Test-Event-Type", "bytes.invalid");
        assertThat(opaque.statusCode()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    /**
     * Header values that go into a MAC are taken as the bytes received: the stack must hand each
     * byte above 0x7F over as the one character with that code (ISO-8859-1), so that turning the
     * characters back into bytes gives exactly what was sent. A UTF-8 "café-€" and a lone 0xFF go in
     * as the delivery header, under which the verifier files the body it verified.
     */
    @Test
    void handsHeaderBytesOverAsOneCharacterEach() throws Exception {
        String id = newId();
        byte[] body = event(id, "header.bytes", "{}");
        ByteArrayOutputStream delivery = new ByteArrayOutputStream();
        delivery.writeBytes(("d-" + id + "-").getBytes(StandardCharsets.US_ASCII));
        delivery.writeBytes("caf\u00e9-\u20ac".getBytes(StandardCharsets.UTF_8));
        delivery.write(0xFF);
        String head = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "X-Test-Timestamp: " + NOW + "\r\nX-Test-Signature: " + sign(SECRET, body) + "\r\n"
                + "Content-Length: " + body.length + "\r\n" + DELIVERY_HEADER + ": ";
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(delivery.toByteArray());
        message.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(body);

        String status = rawStatusLine(message.toByteArray(), false);

        assertThat(statusCode(status)).as(stack.name() + ": " + status).isEqualTo("200");
        assertThat(verifiedBodies.get(new String(delivery.toByteArray(), StandardCharsets.ISO_8859_1)))
                .as(stack.name() + ": the header as the stack decoded it").isEqualTo(body);
    }

    @Test
    void readsAChunkedBodyWithinTheLimit() throws Exception {
        String id = newId();
        byte[] body = event(id, "chunked.ok", "{\"note\":\"sent without a Content-Length\"}");

        HttpResponse<String> response = client.send(signed(uri("/hook"), body, JSON).POST(chunked(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(stack.name()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    @Test
    void leavesRequestsToOtherPathsToTheApplication() throws Exception {
        int before = fellThrough.get();
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> other = send("/hooks", body, JSON);
        HttpResponse<String> below = send("/hook/below", body, JSON);

        assertThat(other.statusCode()).as(stack.name()).isEqualTo(404);
        assertThat(below.statusCode()).as("an exact path does not cover the paths below it").isEqualTo(404);
        assertThat(fellThrough.get() - before).isEqualTo(2);
        assertThat(handler.runs(id)).isZero();
    }

    // ---- rejections ----------------------------------------------------------------------------

    @Test
    void answersATamperedDeliveryWithThePolicyStatus() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{\"amount\":1250}");
        byte[] tampered = event(id, "payment.succeeded", "{\"amount\":9250}");
        String signature = sign(SECRET, body);

        HttpResponse<String> byDefault = client.send(request("/hook", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> byStrictPolicy = client.send(request("/strict", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(byDefault.statusCode()).as(stack.name()).isEqualTo(401);
        assertThat(byDefault.body()).isEqualTo("unauthorized");
        assertThat(byStrictPolicy.statusCode()).isEqualTo(400);
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void rejectsABodyWhoseContentLengthIsOverTheLimit() throws Exception {
        String id = newId();

        HttpResponse<String> response = sendOverTheLimit("/hook", padded(id, MIB + 1));

        assertThat(response.statusCode()).as(stack.name()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("payload too large");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void rejectsAChunkedBodyOverTheLimit() throws Exception {
        String id = newId();
        byte[] body = padded(id, MIB + 1);

        HttpResponse<String> response = client.send(signed(uri("/hook"), body, JSON).POST(chunked(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(stack.name()).isEqualTo(413);
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void answers413BeforeReadingAnyOfABodyDeclaredTooLarge() throws Exception {
        // Only the head is sent: an adapter that waited for the body would never answer.
        String head = "POST /small HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1025\r\n\r\n";

        String status = rawStatusLine(head.getBytes(StandardCharsets.US_ASCII), false);

        assertThat(statusCode(status)).as(stack.name() + ": " + status).isEqualTo("413");
    }

    @Test
    void stopsReadingAChunkedBodyOneByteOverTheLimit() throws Exception {
        // One chunk of limit + 1 bytes and no terminating chunk: the answer must come without it.
        byte[] chunk = new byte[1025];
        Arrays.fill(chunk, (byte) 'x');
        byte[] message = concat("POST /small HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length) + "\r\n", chunk, "");

        String status = rawStatusLine(message, false);

        assertThat(statusCode(status)).as(stack.name() + ": " + status).isEqualTo("413");
    }

    @Test
    void answersABodyCutShortByTheSender400AndRunsNoHandler() throws Exception {
        String id = newId();
        byte[] body = event(id, "cut.short", "{}");
        String head = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Test-Timestamp: " + NOW + "\r\nX-Test-Signature: " + sign(SECRET, body) + "\r\n"
                + "Content-Length: " + (body.length + 50) + "\r\n\r\n";

        String status = rawStatusLine(concat(head, body, ""), true);

        // The sender closed its side: a 400, or no answer at all from a server that drops such a
        // connection itself; never a 5xx, never a handler.
        assertThat(status).as(stack.name()).matches("(HTTP/1.1 400.*)?");
        assertThat(handler.runs(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void answers405WithAllowPostToOtherMethods(String method) throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        // GET and DELETE go without content (RFC 9110 section 9.3.1: content in a GET has no
        // meaning, and Grizzly refuses it with a 400 of its own); the others carry the body.
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        HttpResponse<String> response = client.send(signed(uri("/hook"), body, JSON)
                .method(method, withBody ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(stack.name() + " " + method).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(handler.runs(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/jsonp", "none"})
    void answers415ToContentTypesThatAreNotJson(String contentType) throws Exception {
        String id = newId();

        HttpResponse<String> response = send("/hook", event(id, "payment.succeeded", "{}"),
                contentType.equals("none") ? null : contentType);

        assertThat(response.statusCode()).as(stack.name() + " " + contentType).isEqualTo(415);
        assertThat(response.body()).isEqualTo("unsupported media type");
        assertThat(handler.runs(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.test.event+json",
            "application/json;charset=\"UTF-8\""})
    void acceptsJsonContentTypesWithParametersAndSuffixes(String contentType) throws Exception {
        HttpResponse<String> response = send("/hook", event(newId(), "payment.succeeded", "{}"), contentType);

        assertThat(response.statusCode()).as(stack.name() + " " + contentType).isEqualTo(200);
    }

    @Test
    void answersItsOwnRejectionsThroughTheReceiversPolicy() throws Exception {
        String id = newId();

        HttpResponse<String> wrongType = send("/strict", event(id, "payment.succeeded", "{}"), "text/plain");
        HttpResponse<String> tooLarge = sendOverTheLimit("/strict", padded(id, MIB + 1));

        assertThat(wrongType.statusCode()).as(stack.name()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("bad request");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
    }

    @Test
    void keepsServingAfterAnswersThatLeaveTheBodyUnread() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = newId();
            byte[] body = event(id, "payment.succeeded", "{\"pad\":\"" + "p".repeat(4096) + "\"}");
            HttpResponse<String> wrongType = send("/hook", body, "text/plain");
            HttpResponse<String> wrongMethod = client.send(signed(uri("/hook"), body, JSON)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> valid = send("/hook", body, JSON);

            assertThat(wrongType.statusCode()).as(stack.name() + " round " + round).isEqualTo(415);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(valid.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void answersABodyBeyondTheMemoryBudget503WithRetryAfter() throws Exception {
        // Each holder declares 64 KiB and sends 32 KiB: 32 KiB of budget each (8 + 8 + 16 KiB growth).
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                byte[] body = padded(newId(), 64 * 1024);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack.port());
                socket.setSoTimeout(30_000);
                String head = "POST /budget HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n";
                socket.getOutputStream().write(concat(head, Arrays.copyOf(body, 32 * 1024), ""));
                holders.add(socket);
                awaitBudget(32L * 1024 * (i + 1));
            }

            String id = newId();
            HttpResponse<String> response = send("/budget", padded(id, 64 * 1024), JSON);

            assertThat(response.statusCode()).as(stack.name()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            assertThat(handler.runs(id)).isZero();
            assertThat(answers).anySatisfy(answer -> assertThat(answer.outcome()).isEqualTo(Outcome.OVERLOADED));
        } finally {
            for (Socket socket : holders) {
                socket.close();
            }
        }
        // Closed connections give their memory back; the provider's retry is then handled.
        awaitBudget(0);
        String id = newId();
        HttpResponse<String> retry = send("/budget", padded(id, 64 * 1024), JSON);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    // ---- idempotency and failures --------------------------------------------------------------

    @Test
    void acknowledgesADuplicateWithoutRunningTheHandlerAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> first = send("/hook", body, JSON);
        HttpResponse<String> second = send("/hook", body, JSON);

        assertThat(first.statusCode()).as(stack.name()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    @Test
    void answers500WhenTheHandlerFailsAndTheRetryRunsItAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, Recorder.FAIL_ONCE, "{}");

        HttpResponse<String> first = send("/hook", body, JSON);
        HttpResponse<String> retry = send("/hook", body, JSON);
        HttpResponse<String> again = send("/hook", body, JSON);

        assertThat(first.statusCode()).as(stack.name()).isEqualTo(500);
        assertThat(first.body()).isEqualTo("processing failed, retry later");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(handler.runs(id)).isEqualTo(2);
    }

    // ---- request parts ---------------------------------------------------------------------------

    @Test
    void keepsAFormEncodedBodyIntactWhileReadingTheQueryString() throws Exception {
        String id = newId();
        byte[] body = event(id, "form.test", "{\"a\":\"1&b=2\"}");

        HttpResponse<String> response = send("/form?a=1&b=2", body, "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).as(stack.name()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    @Test
    void findsTheTenantInThePathAndTheRawQueryString() throws Exception {
        String id = newId();
        byte[] body = event(id, "tenant.test", "{}");
        String signature = sign(TENANT_SECRET, body);

        HttpResponse<String> known = client.send(request("/tenant/m_42?profile=gp%207&x=%25zz&flag", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = client.send(request("/tenant/m_43?profile=gp%207", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plusIsASpace = client.send(request("/tenant/m_42?profile=gp+7", JSON, sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(known.statusCode()).as(stack.name()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(plusIsASpace.statusCode()).as("tenant found, but signed with another tenant's secret").isEqualTo(401);
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    // ---- pass-through ------------------------------------------------------------------------------

    @Test
    void passesAVerifiedEventOnWithTheSameBytes() throws Exception {
        String id = newId();
        byte[] body = event(id, "pass.test", "{\"note\":\"\uD83D\uDE80\\r\\n\"}\n");
        int before = controllerRuns.get();
        int fellBefore = fellThrough.get();

        HttpResponse<String> passed = send("/pass", body, JSON);
        HttpResponse<String> tampered = client.send(request("/pass", JSON, sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event(id, "pass.test", "{}"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(passed.statusCode()).as(stack.name()).isEqualTo(202);
        assertThat(passed.body()).isEqualTo(id + " pass.test " + sha256(body) + " " + body.length);
        assertThat(passed.headers().firstValue("X-Outcome")).contains("UNHANDLED");
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(controllerRuns.get() - before).isEqualTo(1);
        assertThat(fellThrough.get() - fellBefore).as("nothing fell through to the catch-all").isZero();
    }

    @Test
    void runsReceiverHandlersBeforeTheControllerAndAnswersDuplicatesInTheAdapter() throws Exception {
        String id = newId();
        byte[] body = event(id, "pass.handled", "{}");
        int before = controllerRuns.get();

        HttpResponse<String> first = send("/pass", body, JSON);
        HttpResponse<String> duplicate = send("/pass", body, JSON);

        assertThat(first.statusCode()).as(stack.name()).isEqualTo(202);
        assertThat(first.headers().firstValue("X-Outcome")).contains("HANDLED");
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.body()).isEqualTo("ok");
        assertThat(handler.runs(id)).isEqualTo(1);
        assertThat(controllerRuns.get() - before).as("the duplicate never reached the controller").isEqualTo(1);
    }

    // ---- concurrency -------------------------------------------------------------------------------

    @Test
    void thirtyTwoClientsSending2000DeliveriesOf200EventsRunEachEventOnce() throws Exception {
        long seed = System.nanoTime();
        String prefix = "evt_conc_" + ids.incrementAndGet() + "_";
        // Events in a seeded random order, each event's ten copies sent back to back, so that
        // 32 clients in flight hold several copies of the same event at once.
        List<Integer> events = new ArrayList<>(200);
        for (int i = 0; i < 200; i++) {
            events.add(i);
        }
        Collections.shuffle(events, new Random(seed));
        List<Integer> order = new ArrayList<>(2000);
        for (int event : events) {
            order.addAll(Collections.nCopies(10, event));
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int event : order) {
                sent.add(clients.submit(() -> {
                    HttpResponse<String> response = send("/hook", event(prefix + event, "concurrent.test", "{}"), JSON);
                    statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }

        String message = stack.name() + ", seed " + seed + ", statuses " + statuses;
        assertThat(statuses.keySet()).as(message).isSubsetOf(200, 409);
        assertThat(handler.runsWithPrefix(prefix)).as(message).isEqualTo(200);
        for (int event = 0; event < 200; event++) {
            assertThat(handler.runs(prefix + event)).as(message + ", event " + event).isEqualTo(1);
        }
    }

    // ---- logs --------------------------------------------------------------------------------------

    @Test
    void logsReasonsButNeverSecretsSignaturesOrBodies() throws Exception {
        String marker = "body-marker-3e81f0";
        List<String> signatures = new ArrayList<>();
        String logged;
        try (LogCapture logs = LogCapture.open()) {
            String id = newId();
            byte[] body = event(id, "payment.succeeded", "{\"note\":\"" + marker + "\"}");
            byte[] failing = event(newId(), Recorder.FAIL_ONCE, "{\"note\":\"" + marker + "\"}");
            signatures.add(sign(SECRET, body));
            signatures.add(sign(SECRET, failing));
            assertThat(send("/hook", body, JSON).statusCode()).isEqualTo(200);
            assertThat(send("/hook", failing, JSON).statusCode()).isEqualTo(500);
            assertThat(client.send(request("/hook", JSON, signatures.get(0))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event(id, "x", marker))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(send("/hook", body, "text/plain").statusCode()).isEqualTo(415);
            assertThat(client.send(signed(uri("/hook"), body, JSON).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(sendOverTheLimit("/hook", padded(marker, MIB + 1)).statusCode()).isEqualTo(413);
            // Ours only: the capture lowers every logger to TRACE, and at DEBUG the servers
            // themselves print request headers (keep them at INFO in production).
            logged = logs.lines().stream().filter(line -> line.split(" ", 3)[1].startsWith("dev.payhooks"))
                    .collect(Collectors.joining("\n"));
        }

        assertThat(logged).as("the capture saw the receiver's lines")
                .contains("METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "BODY_TOO_LARGE", "handler failed");
        assertThat(logged).doesNotContain(SECRET, marker);
        for (String signature : signatures) {
            assertThat(logged).doesNotContain(signature);
        }
        long rejectionLines = logged.lines().filter(line -> line.contains("rejected a delivery")).count();
        assertThat(rejectionLines).as("one line per rejection\n" + logged).isEqualTo(4);
    }

    // ---- helpers for subclasses ------------------------------------------------------------------

    /**
     * A new event id, unique in this run.
     *
     * @return the id
     */
    protected final String newId() {
        return "evt_" + getClass().getSimpleName() + "_" + ids.incrementAndGet();
    }

    /**
     * Runs of the suite's handler for an event.
     *
     * @param id the event id
     * @return how often it ran
     */
    protected final int handlerRuns(String id) {
        return handler.runs(id);
    }

    /**
     * Sends a signed POST to the stack.
     *
     * @param path path and query
     * @param body the body
     * @param contentType the content type, or {@code null} for none
     * @param headers extra header names and values
     * @return the response
     * @throws IOException when the exchange fails
     * @throws InterruptedException when interrupted
     */
    protected final HttpResponse<String> send(String path, byte[] body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = signed(uri(path), body, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POSTs a JSON body whose {@code Content-Length} is over the endpoint's limit. The adapter answers
     * such a request before reading any of its body and closes the connection; a client still
     * writing a mebibyte then may get a TCP reset before it reads the answer (RFC 9112 section 9.6,
     * "tear-down"), as a provider's sender would, and like it this retries: up to five attempts, so
     * that the case does not fail on timing. Every attempt that gets an answer must get the same
     * one; {@code answers413BeforeReadingAnyOfABodyDeclaredTooLarge} checks it over a raw socket.
     */
    private HttpResponse<String> sendOverTheLimit(String path, byte[] body) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return send(path, body, JSON);
            } catch (IOException resetBeforeTheAnswer) {
                if (attempt == 5) {
                    throw resetBeforeTheAnswer;
                }
            }
        }
    }

    /**
     * A minimal event of the suite's envelope.
     *
     * @param id the id
     * @param type the type
     * @param data the JSON of the data member
     * @return its bytes
     */
    protected static byte[] event(String id, String type, String data) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + stack.port() + path);
    }

    private HttpRequest.Builder signed(URI uri, byte[] body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("X-Test-Timestamp", Long.toString(NOW))
                .header("X-Test-Signature", sign(SECRET, body));
        return contentType == null ? builder : builder.header("Content-Type", contentType);
    }

    private HttpRequest.Builder request(String path, String contentType, String signature) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("X-Test-Timestamp", Long.toString(NOW))
                .header("X-Test-Signature", signature);
    }

    /** A publisher of unknown length, which HttpClient sends with chunked transfer coding. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    /** Sends raw bytes, optionally closes the sending side, and returns the status line ("" if none). */
    private String rawStatusLine(byte[] message, boolean closeOutput) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
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
    }

    /**
     * The status code of a status line ("" if none). The reason phrase after it may be empty (RFC
     * 9112 section 4): Tomcat sends none, so a trimmed line can end with the code.
     */
    private static String statusCode(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    /** Waits (bounded) until the small budget reaches a value: the stack reads on its own threads. */
    private void awaitBudget(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (smallBudget.used() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(smallBudget.used()).as(stack.name() + ": budget in use").isEqualTo(expected);
    }

    /** The hex signature of a body, as a sender computes it: straight from the JDK. */
    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((NOW + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test scheme's verifier, remembering the exact bytes it verified per delivery header. */
    private WebhookSource source(SecretResolver secrets, EventDecoder decoder) {
        SignatureVerifier scheme = TestScheme.verifier(secrets);
        SignatureVerifier recording = (request, now) -> {
            Verification verification = scheme.verify(request, now);
            request.header(DELIVERY_HEADER).ifPresent(delivery -> verifiedBodies.put(delivery, request.body()));
            return verification;
        };
        return new WebhookSource(TestScheme.PROVIDER, recording, decoder);
    }

    private static EventDecoder jsonDecoder() {
        return JsonEventDecoder.builder(TestScheme.PROVIDER).id("/id").type("/type").data("/data").build();
    }

    /**
     * Id and type from headers, and no UTF-8 requirement: a provider whose bodies are not JSON,
     * so that invalid UTF-8 can reach a handler.
     */
    private static EventDecoder opaqueDecoder() {
        return new EventDecoder() {
            @Override
            public Event decode(WebhookRequest request, Verification verification) {
                String id = request.header("X-Test-Event-Id").orElseThrow(() ->
                        new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD, "no X-Test-Event-Id"));
                String type = request.header("X-Test-Event-Type").orElseThrow(() ->
                        new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD, "no X-Test-Event-Type"));
                return Event.builder(TestScheme.PROVIDER, id, type, request.body()).build();
            }

            @Override
            public boolean requiresUtf8() {
                return false;
            }
        };
    }

    /** A valid event of exactly {@code size} bytes, padded with strings under the JSON string limit. */
    private static byte[] padded(String id, int size) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"bytes.large\",\"data\":{\"pad\":[";
        String tail = "]}}";
        int pieces = 4;
        int contentRoom = size - head.length() - tail.length() - pieces * 2 - (pieces - 1);
        StringBuilder json = new StringBuilder(size).append(head);
        for (int p = 0; p < pieces; p++) {
            if (p > 0) {
                json.append(',');
            }
            json.append('"').append("a".repeat(contentRoom / pieces + (p < contentRoom % pieces ? 1 : 0))).append('"');
        }
        byte[] bytes = json.append(tail).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The receivers' handler: counts runs per event id, keeps the bytes, fails once on request. */
    private static final class Recorder implements EventHandler {
        static final String FAIL_ONCE = "test.fail_once";

        private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

        @Override
        public void handle(Event event) {
            int run = runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
            bodies.put(event.id(), event.rawJson());
            if (event.type().equals(FAIL_ONCE) && run == 1) {
                throw new IllegalStateException("deliberate failure on the first run");
            }
        }

        int runs(String id) {
            return Optional.ofNullable(runs.get(id)).map(AtomicInteger::get).orElse(0);
        }

        int runsWithPrefix(String prefix) {
            return runs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
        }

        byte[] body(String id) {
            return bodies.get(id);
        }
    }
}
