package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.TestScheme;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request content an attacker (or a careless sender) controls, over real HTTP into each container,
 * beyond the test kit's contract ({@link ContainerContractTest}): bodies that are not UTF-8 in other
 * ways (UTF-16, a lone surrogate) and what the listeners are told, and control characters in header
 * values that reach a log line. Raw bytes go over a loopback socket, so nothing between the test
 * and the container re-encodes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileInputContractTest {

    private static final String SECRET = "whsec_servlet_hostile_91c3e0";
    private static final long NOW = 1_800_000_000L;

    private final Map<String, Integer> handled = new ConcurrentHashMap<>();
    private final List<WebhookResponse> completed = new CopyOnWriteArrayList<>();
    private ServletContainer container;

    /** The container under test, not yet started. */
    abstract ServletContainer newContainer();

    @BeforeAll
    void startContainer() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(TestScheme.source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .otherwise((Event event) -> handled.merge(event.id(), 1, Integer::sum))
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        completed.add(response);
                    }
                })
                .build();
        container = newContainer();
        // Tomcat runs a filter only on the way to a servlet; this one answers what the filter passes on.
        container.start(List.of(ServletContainer.Mount.filter("/hooks/*", WebhookFilter.of(receiver)),
                ServletContainer.Mount.servlet("/", new NotFound())));
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void answersASignedBodyThatIsNotUtf8With400AndTellsTheListeners() throws Exception {
        byte[] utf16 = "{\"id\":\"evt_utf16\",\"type\":\"enc.test\",\"data\":{}}".getBytes(StandardCharsets.UTF_16LE);
        byte[] surrogate = concat("{\"id\":\"evt_surrogate\",\"type\":\"enc.test\",\"data\":{\"note\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}}".getBytes(StandardCharsets.US_ASCII));

        for (byte[] body : List.of(utf16, surrogate)) {
            completed.clear();
            String status = post(body, "application/json", "X-Probe", "x".getBytes(StandardCharsets.US_ASCII));
            assertThat(status).as(container.name()).contains(" 400 ");
            assertThat(completed).singleElement().satisfies(response ->
                    assertThat(response.reason()).contains(RejectionReason.MALFORMED_BODY_ENCODING));
        }
        assertThat(handled).doesNotContainKeys("evt_utf16", "evt_surrogate");
    }

    /**
     * A content type is client text that the adapter logs when it refuses it. An ESC (a C0
     * control) or a CSI (0x9B, a C1 control that some terminals obey) in it is printed escaped,
     * on the one rejection line; where the container itself refuses the control byte first, no
     * line is written at all.
     */
    @Test
    void logsAContentTypeWithTerminalControlsEscapedOnOneLine() throws Exception {
        List<String> reachedTheAdapter = new java.util.ArrayList<>();
        for (byte control : new byte[] {0x1B, (byte) 0x9B}) {
            byte[] contentType = concat("text/plain".getBytes(StandardCharsets.US_ASCII), new byte[] {control},
                    "[31mred".getBytes(StandardCharsets.US_ASCII));
            List<String> lines;
            String status;
            try (LogCapture logs = LogCapture.open()) {
                status = post(event("evt_ct", "{}"), null, "Content-Type", contentType);
                lines = logs.lines().stream().filter(line -> line.split(" ", 3)[1].startsWith("dev.payhooks")).toList();
            }
            if (status.contains(" 415 ")) {
                String escaped = String.format("\\u%04x", control & 0xFF);
                assertThat(lines).as(container.name()).singleElement().asString()
                        .contains("UNSUPPORTED_MEDIA_TYPE").contains("text/plain" + escaped + "[31mred")
                        .doesNotContain("\u001b", "\u009b");
                reachedTheAdapter.add(escaped);
            } else {
                assertThat(status).as(container.name() + " refused the byte itself").contains(" 400 ");
                assertThat(lines).isEmpty();
            }
        }
        // Jetty 12 and Tomcat 10.1 refuse the ESC byte themselves (400) and pass 0x9B (obs-text,
        // RFC 9110 section 5.5) on to the application: this path must have been taken.
        assertThat(reachedTheAdapter).as(container.name()).contains("\\u009b");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The end of the chain: nothing here is a webhook. */
    static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(404);
        }
    }

    /** POSTs a signed body with one extra header given as raw bytes; returns the status line. */
    private String post(byte[] body, String contentType, String header, byte[] headerValue) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /hooks/in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + TestScheme.TIMESTAMP_HEADER + ": " + NOW + "\r\n"
                + TestScheme.SIGNATURE_HEADER + ": " + TestScheme.signature(SECRET, Long.toString(NOW), body) + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + header + ": ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(headerValue);
        request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
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

    private static byte[] event(String id, String data) {
        return ("{\"id\":\"" + id + "\",\"type\":\"hostile.test\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        out.writeBytes(c);
        return out.toByteArray();
    }
}
