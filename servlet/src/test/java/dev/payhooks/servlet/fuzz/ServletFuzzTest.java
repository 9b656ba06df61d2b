package dev.payhooks.servlet.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.servlet.WebhookServlet;
import dev.payhooks.servlet.internal.MediaTypes;
import dev.payhooks.servlet.internal.QueryStrings;
import dev.payhooks.testkit.TestScheme;
import dev.payhooks.testkit.fuzz.DeliveryOracle;
import dev.payhooks.testkit.fuzz.FuzzChecks;
import dev.payhooks.testkit.fuzz.Placeholders;
import dev.payhooks.testkit.fuzz.RequestTemplate;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer targets for what the servlet module parses itself (the raw query string and the
 * {@code Content-Type}) and for the whole HTTP path: raw request bytes over a loopback socket into
 * embedded Jetty 12, through {@link WebhookFilter} (and {@link WebhookServlet}) to a receiver.
 * Each target asserts that only the documented outcome happens: no exception, no 500/503 from the
 * adapter or the receiver, no handler call without a valid signature.
 *
 * <p>In {@code mvn verify} the targets replay the committed inputs under
 * {@code src/test/resources/dev/payhooks/servlet/fuzz/ServletFuzzTestInputs/<method>/}. A longer
 * run of one target, one at a time (see SECURITY.md):
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -B -pl servlet test -Dtest='ServletFuzzTest#httpRequestsNeverGet5xxAndRunHandlersOnlyForValidSignatures' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The HTTP target reads a {@link RequestTemplate} (the testkit's harness) whose first line is
 * {@code METHOD TARGET} (the harness adds {@code HTTP/1.1}), then header lines {@code Name: value},
 * an empty line, and the raw body. In
 * header values {@code {now}} becomes the receiver's clock in Unix seconds, {@code {len}} the body
 * length, {@code {sig}} the correct signature (core's test scheme: hex HMAC-SHA256 over
 * {@code <X-Test-Timestamp>.<body>}) and {@code {forged}} the same made with another secret. The
 * harness adds {@code Host} and {@code Connection: close}.
 */
class ServletFuzzTest {

    private static final String SECRET = "servlet_fuzz_secret_31d7";
    private static final String ATTACKER_SECRET = "servlet_fuzz_attacker_0b";
    private static final long NOW = 1_700_000_000L;
    private static final int MAX_BODY_BYTES = 4096;
    private static final AtomicInteger HANDLED = new AtomicInteger();
    /** Violations seen inside the receiver's threads; a listener may not throw, so they are collected. */
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<WebhookRequest> CURRENT = new ThreadLocal<>();
    private static final DeliveryOracle ORACLE = TestScheme.oracle(SECRET, NOW);
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Server SERVER;
    private static final int PORT;

    static {
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .otherwise(event -> HANDLED.incrementAndGet())
                .listener(new Oracle())
                .build();
        SERVER = new Server();
        ServerConnector connector = new ServerConnector(SERVER);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        SERVER.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(WebhookFilter.builder(receiver).maxBodyBytes(MAX_BODY_BYTES).build()),
                "/webhooks/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(WebhookServlet.builder(receiver).maxBodyBytes(MAX_BODY_BYTES).build()),
                "/servlet/*");
        SERVER.setHandler(context);
        try {
            SERVER.start();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Jetty did not start", e);
        }
        PORT = connector.getLocalPort();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        SERVER.stop();
    }

    @FuzzTest
    void queryStringParserNeverThrows(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        Map<String, List<String>> parameters = QueryStrings.parse(raw);
        int pairs = raw.isEmpty() ? 0 : raw.split("&", -1).length;
        assertThat(parameters.values().stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(pairs);
        parameters.forEach((name, values) -> assertThat(values).doesNotContainNull());
    }

    @FuzzTest
    void contentTypeMatcherAcceptsOnlyJson(byte[] input) {
        String contentType = new String(input, StandardCharsets.UTF_8);
        if (!MediaTypes.JSON.accepts(contentType)) {
            return;
        }
        int semicolon = contentType.indexOf(';');
        String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        assertThat(essence).matches("application/(json|[!#$%&'*+.^_`|~0-9a-z-]+\\+json)");
    }

    @FuzzTest
    void httpRequestsNeverGet5xxAndRunHandlersOnlyForValidSignatures(byte[] input) {
        int handledBefore = HANDLED.get();
        VIOLATIONS.clear();

        int status = send(Template.parse(input).bytes());

        assertThat(VIOLATIONS).isEmpty();
        // 500 and 503 would come from the adapter or the receiver; Jetty's own parser may answer
        // 501 or 505 for transfer codings and versions it does not implement, before any payhooks code.
        assertThat(status).as("HTTP status").isNotIn(500, 502, 503, 504);
        assertThat(HANDLED.get() - handledBefore).isBetween(0, 1);
    }

    @Test
    void templateHarnessSignsTheValidSeedAndNotTheForgedOne() {
        // Without this, a harness bug could make every seed a forgery and the oracle would never run.
        String dir = "ServletFuzzTestInputs/httpRequestsNeverGet5xxAndRunHandlersOnlyForValidSignatures/";
        assertThat(send(Template.parse(seed(dir + "filter-valid")).bytes())).isEqualTo(200);
        assertThat(send(Template.parse(seed(dir + "servlet-valid")).bytes())).isEqualTo(200);
        assertThat(send(Template.parse(seed(dir + "filter-forged")).bytes())).isEqualTo(401);
        assertThat(send(Template.parse(seed(dir + "filter-over-limit")).bytes())).isEqualTo(413);
        assertThat(send(Template.parse(seed(dir + "filter-get")).bytes())).isEqualTo(405);
        assertThat(send(Template.parse(seed(dir + "filter-form-content-type")).bytes())).isEqualTo(415);
        assertThat(VIOLATIONS).isEmpty();
    }

    private static byte[] seed(String name) {
        return FuzzChecks.input(ServletFuzzTest.class, name);
    }

    /** Sends raw bytes and returns the status of the answer, or -1 when the container closed without one. */
    private static int send(byte[] request) {
        SilentCloseable loopbackOnly = allowLoopback();
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The container may answer and close before the whole request is written (413).
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; (read = in.read(buffer)) >= 0 && answer.size() < 65_536; ) {
                    answer.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 10 s", e);
            } catch (IOException e) {
                // A reset after a complete answer (the container closing an unread body) is fine.
            }
            Matcher status = STATUS_LINE.matcher(answer.toString(StandardCharsets.ISO_8859_1));
            return status.find() ? Integer.parseInt(status.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            loopbackOnly.close();
        }
    }

    /**
     * When fuzzing, Jazzer's SSRF detector reports every connection that was not allowed: allow
     * this one loopback port. When replaying in {@code mvn verify} the detector is not armed and
     * jazzer-api cannot reach it ("Failed to set sanitizer variable"); nothing needs allowing then.
     */
    private static SilentCloseable allowLoopback() {
        try {
            return BugDetectors.allowNetworkConnections((host, port) -> port == PORT
                    && (host.equals("127.0.0.1") || host.equals("localhost")));
        } catch (IllegalStateException notArmed) {
            return () -> { };
        }
    }

    /**
     * Checks every receiver answer: never 5xx here (no store, no failing handler), and HANDLED only
     * for a request that carries, by an independent computation, the HMAC of its own timestamp and
     * body under the secret, with a timestamp of plain digits within 300 s.
     */
    private static final class Oracle implements WebhookListener {
        @Override
        public void onReceived(WebhookRequest request) {
            CURRENT.set(request);
        }

        @Override
        public void onCompleted(WebhookResponse response, Duration elapsed) {
            WebhookRequest request = CURRENT.get();
            CURRENT.remove();
            if (response.status() >= 500) {
                VIOLATIONS.add("the receiver answered " + response);
            }
            if (response.outcome() != Outcome.HANDLED) {
                return;
            }
            if (request == null) {
                VIOLATIONS.add("HANDLED without a received request");
                return;
            }
            try {
                ORACLE.assertValid(request);
            } catch (AssertionError e) {
                VIOLATIONS.add("HANDLED a request the oracle rejects: " + e.getMessage());
            }
        }
    }

    /** A template whose first line is the request line, as raw HTTP bytes; see the class comment. */
    private static final class Template {
        private final RequestTemplate template;

        private Template(RequestTemplate template) {
            this.template = template;
        }

        static Template parse(byte[] input) {
            return new Template(RequestTemplate.parse(input, line -> true)
                    .resolve(Placeholders.none().with("now", Long.toString(NOW))));
        }

        byte[] bytes() {
            String requestLine = template.preamble().filter(line -> !line.isBlank()).orElse("POST /webhooks/test");
            String timestamp = template.first(TestScheme.TIMESTAMP_HEADER).orElse("");
            byte[] body = template.body();
            Placeholders values = Placeholders.none().with("len", Integer.toString(body.length))
                    .with("sig", TestScheme.signature(SECRET, timestamp, body))
                    .withLazy("forged", () -> TestScheme.signature(ATTACKER_SECRET, timestamp, body));
            StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (RequestTemplate.Header header : template.headers()) {
                head.append(header.name()).append(": ").append(values.apply(header.value())).append("\r\n");
            }
            byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            byte[] request = Arrays.copyOf(start, start.length + body.length);
            System.arraycopy(body, 0, request, start.length, body.length);
            return request;
        }
    }
}
