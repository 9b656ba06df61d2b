package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.TestScheme;
import dev.payhooks.testkit.contract.HttpAdapterContract;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's {@link HttpAdapterContract} on a real Servlet 6 container, with every endpoint a
 * {@link WebhookFilter} or every endpoint a {@link WebhookServlet} (the servlet has no pass-through,
 * so the pass-through endpoint is a filter in both), plus what only a servlet container shows:
 * a controller that reads the replayed body as characters, methods that carry a body the adapter
 * leaves unread, and one receiver behind both a filter and a servlet. Subclasses say which
 * container and which adapter.
 */
abstract class ContainerContractTest extends HttpAdapterContract {

    /** The path of the adapter of the other kind (a servlet beside filters, a filter beside servlets). */
    private static final String OTHER_ADAPTER = "/other-adapter";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Supplier<ServletContainer> containers;
    private final boolean servlets;

    /**
     * The suite on one container, with one kind of adapter.
     *
     * @param containers the container under test, not yet started
     * @param servlets whether the endpoints are {@link WebhookServlet}s rather than {@link WebhookFilter}s
     */
    ContainerContractTest(Supplier<ServletContainer> containers, boolean servlets) {
        this.containers = containers;
        this.servlets = servlets;
    }

    @Override
    protected Stack start(List<Mount> mounts, Controller controller) throws Exception {
        List<ServletContainer.Mount> mapped = new ArrayList<>();
        for (Mount mount : mounts) {
            if (mount.passThrough()) {
                mapped.add(ServletContainer.Mount.filter(mount.path(), mount.configure(WebhookFilter.builder(mount.receiver()))
                        .passThrough().build()));
                mapped.add(ServletContainer.Mount.servlet(mount.path(), new PassThrough(controller)));
            } else if (servlets) {
                mapped.add(ServletContainer.Mount.servlet(mount.path(),
                        mount.configure(WebhookServlet.builder(mount.receiver())).build()));
            } else {
                mapped.add(ServletContainer.Mount.filter(mount.path(),
                        mount.configure(WebhookFilter.builder(mount.receiver())).build()));
            }
        }
        // The suite's main receiver once more, behind the adapter of the other kind.
        mapped.add(servlets ? ServletContainer.Mount.filter(OTHER_ADAPTER, WebhookFilter.of(mounts.get(0).receiver()))
                : ServletContainer.Mount.servlet(OTHER_ADAPTER, WebhookServlet.of(mounts.get(0).receiver())));
        // Tomcat runs a filter chain only for a request some servlet is mapped to.
        mapped.add(ServletContainer.Mount.servlet("/", new CatchAll(controller)));
        ServletContainer container = containers.get();
        container.start(mapped);
        String name = container.name() + ", " + (servlets ? "WebhookServlet" : "WebhookFilter");
        return new Stack() {
            @Override
            public int port() {
                return container.port();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void stop() throws Exception {
                container.stop();
            }
        };
    }

    // ---- servlet-only cases ------------------------------------------------------------------------

    @Test
    void replaysTheVerifiedBodyToAControllerThatReadsCharacters() throws Exception {
        String id = newId();
        byte[] body = (new String(event(id, "pass.reader", "{\"note\":\"\u0E44\u0E17\u0E22 \uD83C\uDF89\"}"),
                StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> passed = send("/pass", body, "application/json", PassThrough.READ_WITH, "reader");

        // The controller's text, then what only the replaying request tells: its Content-Length,
        // and that getInputStream() is refused once getReader() was called (ServletRequest.getReader()).
        assertThat(passed.statusCode()).as(stack().name()).isEqualTo(202);
        assertThat(passed.body()).isEqualTo(id + " pass.reader " + sha256(body) + " " + body.length + " "
                + body.length + " stream-after-reader-refused");
    }

    /**
     * The contract sends GET and DELETE without content (Grizzly refuses content in them with a
     * 400 of its own); a servlet container hands them to the adapter, which answers 405 without
     * reading the body and asks for the connection to be closed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "DELETE"})
    void answers405ToAGetOrDeleteThatCarriesABody(String method) throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> response = client.send(signed("/hook", body, "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(stack().name() + " " + method).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Connection")).contains("close");
        assertThat(handlerRuns(id)).isZero();
    }

    /**
     * A 415 or 413 leaves the body on the wire: the answer says {@code Connection: close}, so that
     * the client does not reuse a connection the container may drop (a broken pipe otherwise).
     */
    @Test
    void asksToCloseTheConnectionWhenItLeavesTheBodyUnread() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{\"pad\":\"" + "p".repeat(4096) + "\"}");

        HttpResponse<String> wrongType = send("/hook", body, "text/plain");
        HttpResponse<String> tooLarge = send("/small", body, "application/json");
        HttpResponse<String> valid = send("/hook", body, "application/json");

        assertThat(wrongType.statusCode()).as(stack().name()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Connection")).contains("close");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Connection")).contains("close");
        assertThat(valid.statusCode()).isEqualTo(200);
    }

    @Test
    void aFilterAndAServletOfOneReceiverShareItsDuplicates() throws Exception {
        String id = newId();
        byte[] body = event(id, "payment.succeeded", "{}");

        HttpResponse<String> first = send("/hook", body, "application/json");
        HttpResponse<String> second = send(OTHER_ADAPTER, body, "application/json");

        assertThat(first.statusCode()).as(stack().name()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(handlerRuns(id)).isEqualTo(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private HttpRequest.Builder signed(String path, byte[] body, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack().port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .header(TestScheme.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(TestScheme.SIGNATURE_HEADER, TestScheme.signature(SECRET, Long.toString(NOW), body));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The application's own controller behind the pass-through filter: reads the replayed body
     * (as characters when {@value #READ_WITH} says {@code reader}) and the event attribute.
     */
    private static final class PassThrough extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final String READ_WITH = "X-Read-With";

        private final transient Controller controller;

        PassThrough(Controller controller) {
            this.controller = controller;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Event event = (Event) request.getAttribute(WebhookFilter.EVENT_ATTRIBUTE);
            WebhookResponse answer = (WebhookResponse) request.getAttribute(WebhookFilter.RESPONSE_ATTRIBUTE);
            String text;
            if ("reader".equals(request.getHeader(READ_WITH))) {
                StringBuilder read = new StringBuilder();
                request.getReader().lines().forEach(line -> read.append(line).append('\n'));
                String stream;
                try {
                    request.getInputStream();
                    stream = "stream-after-reader-allowed";
                } catch (IllegalStateException expected) {
                    stream = "stream-after-reader-refused";
                }
                text = controller.passedThrough(event, read.toString().getBytes(StandardCharsets.UTF_8), answer)
                        + " " + request.getContentLength() + " " + stream;
            } else {
                text = controller.passedThrough(event, request.getInputStream().readAllBytes(), answer);
            }
            response.setStatus(202);
            response.setHeader("X-Outcome", answer.outcome().name());
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write(text);
        }
    }

    /** Whatever no adapter answered: the application's 404. */
    private static final class CatchAll extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient Controller controller;

        CatchAll(Controller controller) {
            this.controller = controller;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            controller.fellThrough();
            response.sendError(404);
        }
    }
}
