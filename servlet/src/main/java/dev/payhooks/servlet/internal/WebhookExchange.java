package dev.payhooks.servlet.internal;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One servlet request through the receiver: method, content type and size checks, raw body,
 * {@link WebhookRequest}, receiver, response. Shared by the filter and the servlet. Immutable and
 * thread-safe.
 *
 * <p>Logging stays at this edge and covers only what this class decides (405, 413, 415): the
 * receiver logs its own outcomes, so logging them here again would double every line.
 */
public final class WebhookExchange {

    /** One logger for the adapter, so operators can tune it apart from the receiver's. */

    private static final int MAX_LOGGED_CONTENT_TYPE = 100;

    private final WebhookReceiver receiver;
    private final int maxBodyBytes;
    private final MediaTypes contentTypes;

    private WebhookExchange(Options options) {
        this.receiver = options.receiver;
        this.maxBodyBytes = options.maxBodyBytes;
        this.contentTypes = options.contentTypes;
    }

    /**
     * Options for a new exchange, starting from the defaults.
     *
     * @param receiver the configured receiver
     * @return mutable options
     */
    public static Options options(WebhookReceiver receiver) {
        return new Options(receiver);
    }

    /**
     * Handles one request. Answers it, unless {@code passThrough} is set and the receiver verified a
     * fresh event ({@link Outcome#HANDLED} or {@link Outcome#UNHANDLED}): then nothing is written
     * and the caller passes the request on.
     *
     * @param request the container's request
     * @param response the container's response
     * @param passThrough whether a verified event is passed on instead of answered
     * @return the verified delivery to pass on, or empty when the request was answered
     * @throws IOException when the body cannot be read or the answer cannot be written
     */
    public Optional<Verified> exchange(HttpServletRequest request, HttpServletResponse response, boolean passThrough)
            throws IOException {
        // HTTP methods are case-sensitive (RFC 9110 section 9.1): "post" is not POST.
        if (!"POST".equals(request.getMethod())) {
            reject(response, RejectionReason.METHOD_NOT_ALLOWED, "the method is " + printable(request.getMethod()),
                    mayHaveBody(request));
            return Optional.empty();
        }
        String contentType = request.getContentType();
        if (!contentTypes.accepts(contentType)) {
            reject(response, RejectionReason.UNSUPPORTED_MEDIA_TYPE, contentType == null
                    ? "the request has no Content-Type; accepted: " + contentTypes
                    : "the Content-Type is " + printable(contentType) + "; accepted: " + contentTypes, mayHaveBody(request));
            return Optional.empty();
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            // Answer before reading a byte.
            reject(response, RejectionReason.BODY_TOO_LARGE, "the Content-Length is " + declared
                    + " bytes, over the limit of " + maxBodyBytes, true);
            return Optional.empty();
        }
        byte[] body = readAtMostOneOver(request.getInputStream(), declared);
        if (body.length > maxBodyBytes) {
            reject(response, RejectionReason.BODY_TOO_LARGE, "the body (sent without a Content-Length) is over the limit of "
                    + maxBodyBytes + " bytes", true);
            return Optional.empty();
        }
        WebhookResponse answer = receiver.receive(webhookRequest(request, body));
        if (passThrough && (answer.outcome() == Outcome.HANDLED || answer.outcome() == Outcome.UNHANDLED)) {
            return Optional.of(new Verified(body, answer));
        }
        write(response, answer, false);
        return Optional.empty();
    }

    /**
     * Reads up to limit + 1 bytes: one byte over is enough to know a body is too large, and a
     * chunked body is never buffered beyond that. Not {@code InputStream.readNBytes}: it ends with
     * a zero-length read, which Tomcat's stream answers by blocking for more input.
     */
    private byte[] readAtMostOneOver(ServletInputStream in, long declared) throws IOException {
        int budget = maxBodyBytes == Integer.MAX_VALUE ? maxBodyBytes : maxBodyBytes + 1;
        int expected = declared >= 0 ? (int) declared : Math.min(budget, 8192);
        ByteArrayOutputStream body = new ByteArrayOutputStream(expected);
        byte[] buffer = new byte[Math.max(1, Math.min(budget, 8192))];
        int total = 0;
        while (total < budget) {
            int read = in.read(buffer, 0, Math.min(buffer.length, budget - total));
            if (read < 0) {
                break;
            }
            body.write(buffer, 0, read);
            total += read;
        }
        return body.toByteArray();
    }

    /**
     * Whether a request answered without reading its body may still have body bytes on the wire.
     * Such an answer asks for the connection to be closed: the container may drop the connection
     * rather than drain the rest, and a client that reused it would see a broken pipe.
     */
    private static boolean mayHaveBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static WebhookRequest webhookRequest(HttpServletRequest request, byte[] body) {
        WebhookRequest.Builder builder = WebhookRequest.builder().body(body);
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                builder.header(name, values.nextElement());
            }
        }
        for (Map.Entry<String, List<String>> parameter : QueryStrings.parse(request.getQueryString()).entrySet()) {
            for (String value : parameter.getValue()) {
                builder.queryParameter(parameter.getKey(), value);
            }
        }
        return builder.path(path(request)).build();
    }

    /**
     * The path inside the web application, decoded and normalised by the container, so that
     * {@code TenantKey.pathSegment} counts the same segments whatever the context path.
     */
    private static String path(HttpServletRequest request) {
        String servletPath = Objects.requireNonNullElse(request.getServletPath(), "");
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    private void reject(HttpServletResponse response, RejectionReason reason, String detail, boolean close)
            throws IOException {
        // The receiver answers by its policy, logs the rejection and tells its listeners.
        WebhookResponse answer = receiver.rejectBeforeReceiving(reason, detail);
        if (reason == RejectionReason.METHOD_NOT_ALLOWED && answer.status() == 405) {
            // RFC 9110 section 15.5.6: a 405 lists the methods the resource supports.
            response.setHeader("Allow", "POST");
        }
        write(response, answer, close);
    }

    /**
     * Copies status, headers and body.
     *
     * @param response the container's response
     * @param answer the answer
     * @param close whether to ask for the connection to be closed after the answer
     * @throws IOException when the answer cannot be written
     */
    public static void write(HttpServletResponse response, WebhookResponse answer, boolean close) throws IOException {
        response.setStatus(answer.status());
        boolean contentType = false;
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
            contentType |= header.getKey().equalsIgnoreCase("Content-Type");
        }
        if (!contentType) {
            response.setContentType("text/plain; charset=utf-8");
        }
        // A webhook answer describes one delivery; no cache or proxy may keep it.
        response.setHeader("Cache-Control", "no-store");
        if (close) {
            response.setHeader("Connection", "close");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /**
     * Client-supplied text for the rejection's detail: bounded here; its control characters are
     * escaped by the receiver, which logs the detail and hands it to listeners (one rule, in core).
     */
    private static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        int end = Math.min(text.length(), MAX_LOGGED_CONTENT_TYPE);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return "'" + text.substring(0, end) + (end < text.length() ? "...'" : "'");
    }

    /**
     * The size limit in force.
     *
     * @return bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public String toString() {
        return "provider=" + receiver.provider() + ", maxBodyBytes=" + maxBodyBytes + ", contentTypes=" + contentTypes;
    }

    /**
     * A verified delivery for pass-through mode.
     *
     * @param body the bytes that were read and verified
     * @param response what the receiver answered (its event is present)
     */
    public record Verified(byte[] body, WebhookResponse response) {
    }

    /** Mutable options, validated as they are set. */
    public static final class Options {
        private final WebhookReceiver receiver;
        private int maxBodyBytes;
        private MediaTypes contentTypes = MediaTypes.JSON;

        private Options(WebhookReceiver receiver) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            this.maxBodyBytes = receiver.maxBodyBytes();
        }

        /**
         * Sets the body limit.
         *
         * @param maxBodyBytes between 1 and the receiver's own limit
         */
        public void maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
            }
            if (maxBodyBytes > receiver.maxBodyBytes()) {
                throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " is over the receiver's own limit of "
                        + receiver.maxBodyBytes() + " bytes, which would reject those bodies anyway;"
                        + " raise it with WebhookReceiver.builder().maxBodyBytes(...) first");
            }
            this.maxBodyBytes = maxBodyBytes;
        }

        /**
         * Sets the accepted content types.
         *
         * @param patterns media types or ranges
         */
        public void contentTypes(List<String> patterns) {
            this.contentTypes = MediaTypes.of(patterns);
        }

        /** Accepts every content type, and none. */
        public void anyContentType() {
            this.contentTypes = MediaTypes.ANY;
        }

        /**
         * The exchange.
         *
         * @return an immutable exchange
         */
        public WebhookExchange build() {
            return new WebhookExchange(this);
        }
    }
}
