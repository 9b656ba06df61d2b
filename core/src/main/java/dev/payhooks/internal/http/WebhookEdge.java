package dev.payhooks.internal.http;

import dev.payhooks.BodyBuffer;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.CoreAccess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every HTTP adapter (servlet, Jakarta REST, WebFlux) decides the same way, whatever its
 * stack: the checks on a request's head (method, content type, declared length), the body buffer
 * within the adapter's limit, the answers to a broken or late body, and the headers and bytes of
 * an answer. An adapter only moves bytes between its stack and these decisions. Immutable and
 * thread-safe.
 *
 * <p>Every refusal goes through the receiver ({@link WebhookReceiver#rejectBeforeReceiving}), so
 * it follows the receiver's response policy, is logged once by the receiver, and is seen by its
 * listeners.
 */
public final class WebhookEdge {

    /** The default read deadline: a provider sends a 1 MiB body in well under a second. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** The longest read deadline an adapter accepts. */
    public static final Duration MAX_READ_TIMEOUT = Duration.ofMinutes(10);

    private static final int MAX_LOGGED_TEXT = 100;

    /** The size of one blocking read. */
    private static final int CHUNK = 8192;

    private final WebhookReceiver receiver;
    private final int maxBodyBytes;
    private final MediaTypes contentTypes;
    private final Duration readTimeout;

    private WebhookEdge(WebhookReceiver receiver, int maxBodyBytes, MediaTypes contentTypes, Duration readTimeout) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.maxBodyBytes = maxBodyBytes;
        this.contentTypes = contentTypes;
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /**
     * An edge with the options of an adapter's builder, which checked them as they were set
     * ({@link dev.payhooks.spi.HttpAdapterBuilder}).
     *
     * @param receiver the configured receiver
     * @param maxBodyBytes the body limit, between 1 and the receiver's own
     * @param contentTypes the accepted media types and ranges
     * @param readTimeout the read deadline
     * @return an immutable edge
     */
    public static WebhookEdge of(WebhookReceiver receiver, int maxBodyBytes, List<String> contentTypes, Duration readTimeout) {
        return new WebhookEdge(receiver, maxBodyBytes, MediaTypes.of(contentTypes), readTimeout);
    }

    /**
     * The receiver.
     *
     * @return the receiver every delivery goes to
     */
    public WebhookReceiver receiver() {
        return receiver;
    }

    /**
     * The size limit in force.
     *
     * @return bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The read deadline.
     *
     * @return how long a whole body may take to arrive
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Checks what can be checked before a byte of the body is read: the method (HTTP methods are
     * case-sensitive, RFC 9110 section 9.1: "post" is not POST), the content type and the
     * declared length.
     *
     * @param method the request method as sent
     * @param contentType the {@code Content-Type} header, or {@code null} when absent
     * @param declaredLength the {@code Content-Length}, or {@code -1} when none was sent
     * @param mayHaveBody whether body bytes may still be on the wire (a length above 0, or a
     *                    {@code Transfer-Encoding}); such a refusal asks to close the connection
     * @return the refusal to answer with, or empty when the body may be read
     */
    public Optional<Refusal> checkHead(String method, String contentType, long declaredLength, boolean mayHaveBody) {
        if (!"POST".equals(method)) {
            return Optional.of(refuse(RejectionReason.METHOD_NOT_ALLOWED, "the method is " + printable(method), mayHaveBody));
        }
        if (!contentTypes.accepts(contentType)) {
            return Optional.of(refuse(RejectionReason.UNSUPPORTED_MEDIA_TYPE, contentType == null
                    ? "the request has no Content-Type; accepted: " + contentTypes
                    : "the Content-Type is " + printable(contentType) + "; accepted: " + contentTypes, mayHaveBody));
        }
        if (declaredLength > maxBodyBytes) {
            // Answered before reading a byte; what was sent is left unread, so the connection closes.
            return Optional.of(refuse(RejectionReason.BODY_TOO_LARGE, "the Content-Length is " + declaredLength
                    + " bytes, over the limit of " + maxBodyBytes, true));
        }
        return Optional.empty();
    }

    private Refusal refuse(RejectionReason reason, String detail, boolean close) {
        return new Refusal(receiver.rejectBeforeReceiving(reason, detail), close);
    }

    /**
     * A buffer for one body within this edge's limit.
     *
     * @param declaredLength the {@code Content-Length}, or {@code -1} when none was sent
     * @return a new buffer; close it once the answer is written
     */
    public BodyBuffer newBodyBuffer(long declaredLength) {
        return receiver.newBodyBuffer(declaredLength, maxBodyBytes);
    }

    /**
     * Reads a body into its buffer with blocking reads, as the Jakarta REST adapter always does
     * and the servlet adapter does without async support. Reads chunk by chunk rather than with
     * {@code InputStream.readNBytes}, whose last call is a zero-length read that Tomcat's stream
     * answers by blocking for more input.
     *
     * @param in the body stream
     * @param body the buffer, from {@link #newBodyBuffer(long)}
     * @param keepDeadline whether to answer 408 once the read deadline has passed, checked each time
     *                     bytes arrive; {@code false} leaves the bound to the stack's own idle timeout
     * @return the answer when the body was refused (too large, over the budget) or broken
     *         (truncated: 400; deadline or read timeout: 408); empty when it was read whole
     */
    public Optional<WebhookResponse> readBlocking(InputStream in, BodyBuffer body, boolean keepDeadline) {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        byte[] chunk = new byte[CHUNK];
        try {
            int read;
            while ((read = in.read(chunk, 0, chunk.length)) >= 0) {
                if (!body.append(chunk, 0, read)) {
                    return body.refusal();
                }
                if (keepDeadline && System.nanoTime() - deadline > 0) {
                    return Optional.of(readTimedOut(body.size()));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Stacks report a broken transfer as an IOException or wrap it (JAX-RS: ProcessingException).
            return Optional.of(brokenBody(e, body.size()));
        }
    }

    /**
     * The answer to a body whose transfer broke: the sender's fault, so 400 (truncated, bad
     * chunking) or 408 (a read timed out), never 5xx.
     *
     * @param failure what the stack reported
     * @param received how many body bytes had arrived
     * @return the answer, through the receiver's policy and listeners
     */
    public WebhookResponse brokenBody(Throwable failure, int received) {
        boolean timeout = isTimeout(failure);
        return receiver.rejectBeforeReceiving(timeout ? RejectionReason.BODY_READ_TIMEOUT : RejectionReason.INCOMPLETE_BODY,
                (timeout ? "the body stopped arriving (read timed out)" : "the body transfer broke off")
                        + " after " + received + " bytes: " + failure.getClass().getSimpleName());
    }

    /**
     * The answer to a body still incomplete at the read deadline: 408.
     *
     * @param received how many body bytes had arrived
     * @return the answer, through the receiver's policy and listeners
     */
    public WebhookResponse readTimedOut(int received) {
        return receiver.rejectBeforeReceiving(RejectionReason.BODY_READ_TIMEOUT, "the body did not arrive within the read"
                + " timeout of " + readTimeout.toMillis() + " ms; " + received + " bytes had arrived");
    }

    /**
     * The answer when the adapter cannot start one more delivery now (its workers are all busy):
     * 503 with {@code Retry-After}, outcome {@code OVERLOADED}, through the receiver's policy and
     * listeners, exactly as the receiver answers over its own {@code maxConcurrentDeliveries}.
     *
     * @param detail a diagnostic for the log; no body content
     * @return the answer
     */
    public WebhookResponse overloaded(String detail) {
        return CoreAccess.receiver().overloaded(receiver, detail);
    }

    /**
     * The headers of an answer as every adapter writes them: the receiver's (e.g.
     * {@code Retry-After}), a plain-text {@code Content-Type} unless it set one,
     * {@code Cache-Control: no-store} (an answer describes one delivery; no cache may keep it),
     * {@code Allow: POST} on a 405 (RFC 9110 section 15.5.6), and {@code Connection: close} when
     * asked for. {@code Content-Length} is left to the stack, which knows the body's length.
     *
     * @param answer the answer
     * @param close whether to ask for the connection to be closed after the answer
     * @return header names to values, in writing order
     */
    public static Map<String, String> headers(WebhookResponse answer, boolean close) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "text/plain; charset=utf-8");
        }
        headers.put("Cache-Control", "no-store");
        if (answer.status() == 405 && answer.reason().filter(RejectionReason.METHOD_NOT_ALLOWED::equals).isPresent()) {
            headers.put("Allow", "POST");
        }
        if (close) {
            headers.put("Connection", "close");
        }
        return headers;
    }

    /**
     * The body bytes of an answer.
     *
     * @param answer the answer
     * @return its short generic text as UTF-8
     */
    public static byte[] body(WebhookResponse answer) {
        return answer.body().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Client-supplied text for a rejection's detail: bounded and quoted here (without splitting a
     * surrogate pair); its control characters are escaped by the receiver, which logs the detail
     * and hands it to listeners (one rule, in core).
     *
     * @param text the text, or {@code null}
     * @return a bounded, quoted form
     */
    public static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        int end = Math.min(text.length(), MAX_LOGGED_TEXT);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return "'" + text.substring(0, end) + (end < text.length() ? "...'" : "'");
    }

    /**
     * Whether a read failure was a timeout (answered 408) rather than a broken transfer (400).
     *
     * @param failure what the stack reported
     * @return {@code true} for a timeout anywhere in the cause chain
     */
    public static boolean isTimeout(Throwable failure) {
        // SocketTimeoutException is an InterruptedIOException. The depth bound ends a cause cycle.
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 16; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "provider=" + receiver.provider() + ", maxBodyBytes=" + maxBodyBytes + ", contentTypes=" + contentTypes
                + ", readTimeout=" + readTimeout;
    }

    /**
     * A request refused before its body was read.
     *
     * @param answer the answer, already through the receiver's policy and listeners
     * @param close whether the connection should close after it (body bytes were left unread)
     */
    public record Refusal(WebhookResponse answer, boolean close) {
        /**
         * Checks the parts.
         *
         * @param answer the answer
         * @param close whether to close
         */
        public Refusal {
            Objects.requireNonNull(answer, "answer");
        }
    }
}
