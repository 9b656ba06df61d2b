package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.ResponsePolicy;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.testkit.LogCapture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one suite every container runs: real HTTP over loopback with {@link HttpClient} (and a raw
 * socket where the client must misbehave), against {@link WebhookFilter} and {@link WebhookServlet}
 * mounted in a real Servlet 6 container. Subclasses only say which container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerContractTest {

    private static final String SECRET = "whsec_servlet_suite_4f9d2c71a0";
    private static final String TENANT_SECRET = "whsec_tenant_m42_gp7_b3e1";
    private static final long NOW = 1_800_000_000L;
    private static final int MIB = 1 << 20;
    private static final String JSON = "application/json";

    private final Recorder handler = new Recorder();
    private final AtomicInteger controllerRuns = new AtomicInteger();
    private final AtomicInteger endOfChainRuns = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private TestSignatures mainScheme;
    private ServletContainer container;
    private HttpClient client;

    /** The container under test, not yet started. */
    abstract ServletContainer newContainer();

    @BeforeAll
    void startContainer() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        mainScheme = new TestSignatures(SecretResolver.of(SECRET));
        WebhookReceiver main = WebhookReceiver.builder()
                .source(mainScheme.source(TestSignatures.jsonDecoder())).clock(clock)
                .otherwise(handler).build();
        WebhookReceiver opaque = WebhookReceiver.builder()
                .source(new TestSignatures(SecretResolver.of(SECRET)).source(TestSignatures.opaqueDecoder())).clock(clock)
                .otherwise(handler).build();
        WebhookReceiver strict = WebhookReceiver.builder()
                .source(new TestSignatures(SecretResolver.of(SECRET)).source(TestSignatures.jsonDecoder())).clock(clock)
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
        WebhookReceiver tenants = WebhookReceiver.builder()
                .source(new TestSignatures(perTenant).source(TestSignatures.jsonDecoder())).clock(clock)
                .otherwise(handler).build();
        // Pass-through: the application's controller does the work; one type also has a receiver handler.
        WebhookReceiver passing = WebhookReceiver.builder()
                .source(new TestSignatures(SecretResolver.of(SECRET)).source(TestSignatures.jsonDecoder())).clock(clock)
                .on("pass.handled", handler)
                .build();

        container = newContainer();
        container.start(List.of(
                ServletContainer.Mount.filter("/filter/*", WebhookFilter.of(main)),
                ServletContainer.Mount.servlet("/servlet/*", WebhookServlet.of(main)),
                ServletContainer.Mount.filter("/small/*", WebhookFilter.builder(main).maxBodyBytes(1024).build()),
                ServletContainer.Mount.filter("/form/*",
                        WebhookFilter.builder(main).acceptContentTypes("application/x-www-form-urlencoded").build()),
                ServletContainer.Mount.servlet("/opaque/*", WebhookServlet.builder(opaque).acceptAnyContentType().build()),
                ServletContainer.Mount.filter("/strict/*", WebhookFilter.of(strict)),
                ServletContainer.Mount.filter("/tenant/*", WebhookFilter.of(tenants)),
                ServletContainer.Mount.filter("/pass/*", WebhookFilter.builder(passing).passThrough().build()),
                ServletContainer.Mount.servlet("/pass/*", new Controller()),
                ServletContainer.Mount.servlet("/", new EndOfChain())));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    // ---- valid deliveries ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/filter/hook", "/servlet/hook"})
    void deliversAValidEventToTheHandler(String path) throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{\"amount\":1250}");

        HttpResponse<String> response = send(path, body, JSON);

        assertThat(response.statusCode()).as(container.name()).isEqualTo(200);
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
            case "one-mebibyte" -> exactlyOneMebibyte(id);
            default -> throw new IllegalArgumentException(kind);
        };

        HttpResponse<String> response = send("/filter/hook", body, JSON);

        assertThat(response.statusCode()).as(container.name() + " " + kind).isEqualTo(200);
        assertThat(handler.body(id)).as(kind).isEqualTo(body);
    }

    @Test
    void verifiesInvalidUtf8ExactlyAndLetsTheJsonDecoderRefuseItAfterwards() throws Exception {
        String id = newId();
        byte[] body = concat("{\"id\":\"" + id + "\",\"type\":\"bytes.invalid\",\"data\":{\"note\":\"",
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF0, 0x28},
                "\"}}");
        String delivery = "delivery-" + id;

        HttpResponse<String> json = send("/filter/hook", body, JSON, TestSignatures.DELIVERY_HEADER, delivery);
        // The signature over these exact bytes verified; the receiver's UTF-8 check then refused
        // them before the JSON decoder (400, not the 401 of a failed signature), as RFC 8259
        // section 8.1 requires UTF-8.
        assertThat(mainScheme.verifiedBody(delivery)).isEqualTo(body);
        assertThat(json.statusCode()).as(container.name()).isEqualTo(400);
        assertThat(handler.runs(id)).isZero();

        // A decoder that does not parse the body takes the same bytes all the way to the handler.
        HttpResponse<String> opaque = send("/opaque/hook", body, "application/octet-stream",
                "X-Test-Event-Id", id, "X-Test-Event-Type", "bytes.invalid");
        assertThat(opaque.statusCode()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    @Test
    void readsAChunkedBodyWithinTheLimit() throws Exception {
        String id = newId();
        byte[] body = event(id, "chunked.ok", "{\"note\":\"sent without a Content-Length\"}");

        HttpResponse<String> response = client.send(signed(path("/filter/hook"), body, JSON)
                .POST(chunked(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(container.name()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    // ---- rejections ----------------------------------------------------------------------------

    @Test
    void answersATamperedDeliveryWithThePolicyStatus() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{\"amount\":1250}");
        byte[] tampered = event(id, "payment.succeeded", "{\"amount\":9250}");
        String signature = TestSignatures.sign(SECRET, NOW, body);

        HttpResponse<String> byDefault = client.send(request("/filter/hook", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> byStrictPolicy = client.send(request("/strict/hook", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(byDefault.statusCode()).as(container.name()).isEqualTo(401);
        assertThat(byDefault.body()).isEqualTo("unauthorized");
        assertThat(byStrictPolicy.statusCode()).isEqualTo(400);
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void rejectsABodyWhoseContentLengthIsOverTheLimit() throws Exception {
        String id = newId();
        byte[] body = padded(id, MIB + 1);

        HttpResponse<String> response = send("/filter/hook", body, JSON);

        assertThat(response.statusCode()).as(container.name()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("payload too large");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void rejectsAChunkedBodyOverTheLimit() throws Exception {
        String id = newId();
        byte[] body = padded(id, MIB + 1);

        HttpResponse<String> response = client.send(signed(path("/filter/hook"), body, JSON)
                .POST(chunked(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(container.name()).isEqualTo(413);
        assertThat(handler.runs(id)).isZero();
    }

    @Test
    void answers413BeforeReadingAnyOfABodyDeclaredTooLarge() throws Exception {
        // Only the head is sent: a filter that waited for the body would never answer.
        String head = "POST /small/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1025\r\n\r\n";

        assertThat(rawStatusLine(head.getBytes(StandardCharsets.US_ASCII))).as(container.name()).contains(" 413 ");
    }

    @Test
    void stopsReadingAChunkedBodyOneByteOverTheLimit() throws Exception {
        // One chunk of limit + 1 bytes and no terminating chunk: the answer must come without it.
        byte[] chunk = new byte[1025];
        Arrays.fill(chunk, (byte) 'x');
        byte[] message = concat("POST /small/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length) + "\r\n", chunk, "");

        assertThat(rawStatusLine(message)).as(container.name()).contains(" 413 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void answers405WithAllowPostToOtherMethods(String method) throws Exception {
        for (String path : List.of("/filter/hook", "/servlet/hook")) {
            String id = newId();
            byte[] body = event(id, "payment.succeeded", "{}");
            HttpResponse<String> response = client.send(signed(path(path), body, JSON)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(container.name() + " " + method + " " + path).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("POST");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(handler.runs(id)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/jsonp", "none"})
    void answers415ToContentTypesThatAreNotJson(String contentType) throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> response = send("/filter/hook", body, contentType.equals("none") ? null : contentType);

        assertThat(response.statusCode()).as(container.name() + " " + contentType).isEqualTo(415);
        assertThat(response.body()).isEqualTo("unsupported media type");
        assertThat(handler.runs(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.test.event+json",
            "application/json;charset=\"UTF-8\""})
    void acceptsJsonContentTypesWithParametersAndSuffixes(String contentType) throws Exception {
        String id = newId();

        HttpResponse<String> response = send("/filter/hook", event(id, "payment.succeeded", "{}"), contentType);

        assertThat(response.statusCode()).as(container.name() + " " + contentType).isEqualTo(200);
    }

    @Test
    void answersItsOwnRejectionsThroughTheReceiversPolicy() throws Exception {
        String id = newId();

        HttpResponse<String> wrongType = send("/strict/hook", event(id, "payment.succeeded", "{}"), "text/plain");
        HttpResponse<String> tooLarge = send("/strict/hook", padded(id, MIB + 1), JSON);

        assertThat(wrongType.statusCode()).as(container.name()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("bad request");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
    }

    @Test
    void keepsServingAfterAnswersThatLeaveTheBodyUnread() throws Exception {
        // A 405 or 415 leaves the body on the wire; the answer says "Connection: close" so that
        // the client does not reuse a connection the container may drop (a broken pipe otherwise).
        for (int round = 0; round < 20; round++) {
            String id = newId();
            byte[] body = event(id, "payment.succeeded", "{\"pad\":\"" + "p".repeat(4096) + "\"}");
            HttpResponse<String> wrongType = send("/filter/hook", body, "text/plain");
            HttpResponse<String> wrongMethod = client.send(signed(path("/servlet/hook"), body, JSON)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> valid = send("/filter/hook", body, JSON);

            assertThat(wrongType.statusCode()).as(container.name() + " round " + round).isEqualTo(415);
            assertThat(wrongType.headers().firstValue("Connection")).contains("close");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(valid.statusCode()).isEqualTo(200);
        }
    }

    // ---- idempotency and failures --------------------------------------------------------------

    @Test
    void acknowledgesADuplicateWithoutRunningTheHandlerAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> first = send("/filter/hook", body, JSON);
        HttpResponse<String> second = send("/servlet/hook", body, JSON);

        assertThat(first.statusCode()).as(container.name()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    @Test
    void answers500WhenTheHandlerFailsAndTheRetryRunsItAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, Recorder.FAIL_ONCE, "{}");

        HttpResponse<String> first = send("/filter/hook", body, JSON);
        HttpResponse<String> retry = send("/filter/hook", body, JSON);
        HttpResponse<String> again = send("/filter/hook", body, JSON);

        assertThat(first.statusCode()).as(container.name()).isEqualTo(500);
        assertThat(first.body()).isEqualTo("processing failed, retry later");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(handler.runs(id)).isEqualTo(2);
    }

    // ---- request parts ---------------------------------------------------------------------------

    @Test
    void keepsAFormEncodedBodyIntactWhileReadingTheQueryString() throws Exception {
        // With a form content type, getParameter would parse and consume the body; the signature
        // still verifies, so the body reached the receiver untouched.
        String id = newId();
        byte[] body = event(id, "form.test", "{\"a\":\"1&b=2\"}");

        HttpResponse<String> response = send("/form/hook?a=1&b=2", body, "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).as(container.name()).isEqualTo(200);
        assertThat(handler.body(id)).isEqualTo(body);
    }

    @Test
    void findsTheTenantInThePathAndTheRawQueryString() throws Exception {
        String id = newId();
        byte[] body = event(id, "tenant.test", "{}");
        String signature = TestSignatures.sign(TENANT_SECRET, NOW, body);

        HttpResponse<String> known = client.send(request("/tenant/m_42?profile=gp%207&x=%25zz&flag", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = client.send(request("/tenant/m_43?profile=gp%207", JSON, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plusIsASpace = client.send(request("/tenant/m_42?profile=gp+7", JSON,
                        TestSignatures.sign(SECRET, NOW, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(known.statusCode()).as(container.name()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(plusIsASpace.statusCode()).as("tenant found, but signed with another tenant's secret").isEqualTo(401);
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    // ---- pass-through ------------------------------------------------------------------------------

    @Test
    void passesAVerifiedEventOnWithTheSameBytesAndTheEventAttribute() throws Exception {
        String id = newId();
        byte[] body = event(id, "pass.test", "{\"note\":\"\uD83D\uDE80\\r\\n\"}\n");
        int before = controllerRuns.get();

        HttpResponse<String> passed = send("/pass/hook", body, JSON);
        HttpResponse<String> tampered = client.send(request("/pass/hook", JSON, TestSignatures.sign(SECRET, NOW, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event(id, "pass.test", "{}"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(passed.statusCode()).as(container.name()).isEqualTo(202);
        assertThat(passed.body()).isEqualTo(id + " pass.test " + sha256(body) + " " + body.length);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(controllerRuns.get() - before).isEqualTo(1);
        assertThat(endOfChainRuns.get()).as("nothing fell through to the default servlet").isZero();
    }

    @Test
    void replaysTheVerifiedBodyToAControllerThatReadsCharacters() throws Exception {
        String id = newId();
        byte[] body = (new String(event(id, "pass.reader", "{\"note\":\"\u0E44\u0E17\u0E22 \uD83C\uDF89\"}"),
                StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> passed = send("/pass/hook", body, JSON, "X-Read-With", "reader");

        assertThat(passed.statusCode()).as(container.name()).isEqualTo(202);
        assertThat(passed.body()).isEqualTo(id + " pass.reader " + sha256(body) + " " + body.length
                + " stream-after-reader-refused");
    }

    @Test
    void runsReceiverHandlersBeforeTheControllerAndAnswersDuplicatesInTheFilter() throws Exception {
        String id = newId();
        byte[] body = event(id, "pass.handled", "{}");
        int before = controllerRuns.get();

        HttpResponse<String> first = send("/pass/hook", body, JSON);
        HttpResponse<String> duplicate = send("/pass/hook", body, JSON);

        assertThat(first.statusCode()).as(container.name()).isEqualTo(202);
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
                    HttpResponse<String> response = send(event % 2 == 0 ? "/filter/hook" : "/servlet/hook",
                            event(prefix + event, "concurrent.test", "{}"), JSON);
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

        String message = container.name() + ", seed " + seed + ", statuses " + statuses;
        assertThat(statuses.keySet()).as(message).isSubsetOf(200, 409);
        assertThat(handler.runsWithPrefix(prefix)).as(message).isEqualTo(200);
        for (int event = 0; event < 200; event++) {
            assertThat(handler.runs(prefix + event)).as(message + ", event " + event).isEqualTo(1);
        }
    }

    // ---- logs --------------------------------------------------------------------------------------

    @Test
    void logsReasonsButNeverSecretsSignaturesOrBodies() throws Exception {
        String marker = "body-marker-9c41e7";
        List<String> signatures = new ArrayList<>();
        String logged;
        try (LogCapture logs = LogCapture.open()) {
            String id = newId();
            byte[] body = event(id, "payment.succeeded", "{\"note\":\"" + marker + "\"}");
            byte[] failing = event(newId(), Recorder.FAIL_ONCE, "{\"note\":\"" + marker + "\"}");
            signatures.add(TestSignatures.sign(SECRET, NOW, body));
            signatures.add(TestSignatures.sign(SECRET, NOW, failing));
            assertThat(send("/filter/hook", body, JSON).statusCode()).isEqualTo(200);
            assertThat(send("/filter/hook", failing, JSON).statusCode()).isEqualTo(500);
            assertThat(client.send(request("/filter/hook", JSON, signatures.get(0))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event(id, "x", marker))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(send("/filter/hook", body, "text/plain").statusCode()).isEqualTo(415);
            assertThat(client.send(signed(path("/filter/hook"), body, JSON).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(send("/filter/hook", padded(marker, MIB + 1), JSON).statusCode()).isEqualTo(413);
            // Ours only: the capture lowers every logger to TRACE, and at DEBUG the containers
            // themselves print request headers and body bytes (keep them at INFO in production).
            logged = logs.lines().stream().filter(line -> line.split(" ", 3)[1].startsWith("dev.payhooks"))
                    .collect(Collectors.joining("\n"));
        }

        assertThat(logged).as("the capture saw the adapter's and the receiver's lines")
                .contains("METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "BODY_TOO_LARGE", "handler failed");
        assertThat(logged).doesNotContain(SECRET, marker);
        for (String signature : signatures) {
            assertThat(logged).doesNotContain(signature);
        }
        long rejectionLines = logged.lines().filter(line -> line.contains("rejected a delivery")).count();
        assertThat(rejectionLines).as("one line per rejection, not one from the adapter and one from the receiver\n" + logged)
                .isEqualTo(4);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private String newId() {
        return "evt_" + getClass().getSimpleName() + "_" + ids.incrementAndGet();
    }

    private URI path(String path) {
        return URI.create("http://127.0.0.1:" + container.port() + path);
    }

    private HttpResponse<String> send(String path, byte[] body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = signed(path(path), body, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder signed(URI uri, byte[] body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header(TestSignatures.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(TestSignatures.SIGNATURE_HEADER, TestSignatures.sign(SECRET, NOW, body));
        return contentType == null ? builder : builder.header("Content-Type", contentType);
    }

    private HttpRequest.Builder request(String path, String contentType, String signature) {
        return HttpRequest.newBuilder(path(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header(TestSignatures.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(TestSignatures.SIGNATURE_HEADER, signature);
    }

    /** A publisher of unknown length, which HttpClient sends with chunked transfer coding. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    /** Sends raw bytes and returns the status line; a 20 s read timeout only guards against a hang. */
    private String rawStatusLine(byte[] message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] event(String id, String type, String data) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A valid event of exactly {@code size} bytes, padded with strings under the JSON string limit. */
    private static byte[] padded(String id, int size) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"bytes.large\",\"data\":{\"pad\":[";
        String tail = "]}}";
        int room = size - head.length() - tail.length();
        StringBuilder json = new StringBuilder(size).append(head);
        int pieces = 4;
        int contentRoom = room - pieces * 2 - (pieces - 1);
        for (int p = 0; p < pieces; p++) {
            if (p > 0) {
                json.append(',');
            }
            int length = contentRoom / pieces + (p < contentRoom % pieces ? 1 : 0);
            json.append('"').append("a".repeat(length)).append('"');
        }
        byte[] bytes = json.append(tail).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private static byte[] exactlyOneMebibyte(String id) {
        return padded(id, MIB);
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The receivers' handler: counts runs per event id, keeps the bytes, fails once on request. */
    static final class Recorder implements EventHandler {
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

    /** The application's own controller behind a pass-through filter: reads the replayed body. */
    private final class Controller extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            controllerRuns.incrementAndGet();
            Event event = (Event) request.getAttribute(WebhookFilter.EVENT_ATTRIBUTE);
            byte[] body;
            String note = "";
            if ("reader".equals(request.getHeader("X-Read-With"))) {
                StringBuilder text = new StringBuilder();
                request.getReader().lines().forEach(line -> text.append(line).append('\n'));
                body = text.toString().getBytes(StandardCharsets.UTF_8);
                try {
                    request.getInputStream();
                    note = " stream-after-reader-allowed";
                } catch (IllegalStateException expected) {
                    note = " stream-after-reader-refused";
                }
            } else {
                body = request.getInputStream().readAllBytes();
            }
            response.setStatus(202);
            response.setHeader("X-Outcome", ((WebhookResponse) request.getAttribute(WebhookFilter.RESPONSE_ATTRIBUTE))
                    .outcome().name());
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write(event.id() + " " + event.type() + " " + sha256(body) + " " + request.getContentLength() + note);
        }
    }

    /** Answers anything no filter answered, so a request that slips through is visible. */
    private final class EndOfChain extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            endOfChainRuns.incrementAndGet();
            response.sendError(404);
        }
    }
}
