package dev.payhooks.servlet.internal;

import dev.payhooks.BodyBuffer;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.http.QueryStrings;
import dev.payhooks.internal.http.WebhookEdge;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger("dev.payhooks.servlet");

    private static final int CHUNK = 8192;

    /** The most bytes read and dropped after a refusal before the connection is closed. */
    private static final long DRAIN_LIMIT = 2L << 20;

    /**
     * One daemon thread for the read deadlines of every exchange: a deadline only answers 408 and
     * completes the request, so it never waits on anything.
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "payhooks-read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private final WebhookEdge edge;
    private final WebhookReceiver receiver;
    private final Duration readTimeout;
    private volatile boolean warnedBlocking;

    /**
     * An exchange through an edge.
     *
     * @param edge the checks, limits and deadline, from the filter's or servlet's builder
     */
    public WebhookExchange(WebhookEdge edge) {
        this.edge = Objects.requireNonNull(edge, "edge");
        this.receiver = edge.receiver();
        this.readTimeout = edge.readTimeout();
    }

    /**
     * Handles one request. Answers it, unless {@code passThrough} is set and the receiver verified a
     * fresh event ({@link Outcome#HANDLED} or {@link Outcome#UNHANDLED}): then nothing is written
     * and the caller passes the request on, and must close the returned delivery afterwards.
     *
     * <p>When the request supports asynchronous processing and nothing is passed on, the body is
     * read without blocking a thread (Servlet 3.1 {@code ReadListener}): a slow sender costs a
     * buffer, not a thread, and a body that has not arrived by the read deadline is answered 408.
     * Otherwise the body is read by blocking reads, bounded by the container's idle timeout.
     *
     * @param request the container's request
     * @param response the container's response
     * @param passThrough whether a verified event is passed on instead of answered
     * @return the verified delivery to pass on, or empty when the request was (or will be) answered
     * @throws IOException when the answer cannot be written
     */
    public Optional<Verified> exchange(HttpServletRequest request, HttpServletResponse response, boolean passThrough)
            throws IOException {
        long declared = request.getContentLengthLong();
        Optional<WebhookEdge.Refusal> refused = edge.checkHead(request.getMethod(), request.getContentType(), declared,
                mayHaveBody(request));
        if (refused.isPresent()) {
            write(response, refused.get().answer(), refused.get().close());
            return Optional.empty();
        }
        if (!passThrough && request.isAsyncSupported()) {
            new AsyncRead(request, response, declared).start();
            return Optional.empty();
        }
        if (!passThrough && !warnedBlocking) {
            warnedBlocking = true;
            log.warn("payhooks {}: the webhook filter or servlet is not registered as async-supported, so bodies are read"
                    + " with blocking reads and a slow sender holds a container thread until the idle timeout;"
                    + " register it with setAsyncSupported(true)", receiver.provider());
        }
        BodyBuffer body = edge.newBodyBuffer(declared);
        boolean handedOn = false;
        try {
            Optional<WebhookResponse> refusal = edge.readBlocking(request.getInputStream(), body, false);
            if (refusal.isPresent()) {
                write(response, refusal.get(), true);
                return Optional.empty();
            }
            WebhookRequest webhookRequest = webhookRequest(request, body);
            WebhookResponse answer = receiver.receive(webhookRequest);
            if (passThrough && (answer.outcome() == Outcome.HANDLED || answer.outcome() == Outcome.UNHANDLED)) {
                handedOn = true;
                return Optional.of(new Verified(webhookRequest, answer, body));
            }
            write(response, answer, false);
            return Optional.empty();
        } finally {
            if (!handedOn) {
                body.close();
            }
        }
    }

    /**
     * One asynchronous read: the container calls the listener as bytes arrive; the deadline
     * answers 408 if they stop. Every callback and the deadline take the same lock and the first
     * to end the read wins, so the receiver runs at most once and never after a refusal.
     *
     * <p>A refused body (too large, over the memory budget, timed out) is answered at once, and
     * what the sender still sends is then read and dropped, up to {@link #DRAIN_LIMIT} bytes or
     * the deadline, before the request completes: closing a connection with unread input makes
     * the kernel reset it, and a reset can destroy the answer before the sender reads it.
     */
    private final class AsyncRead implements ReadListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final BodyBuffer body;
        private final byte[] chunk = new byte[CHUNK];
        private AsyncContext async;
        private ServletInputStream in;
        private ScheduledFuture<?> deadline;
        /** Reading into the body; then draining after a refusal; then done. */
        private boolean reading = true;
        private boolean done;
        private long drained;

        AsyncRead(HttpServletRequest request, HttpServletResponse response, long declared) {
            this.request = request;
            this.response = response;
            this.body = edge.newBodyBuffer(declared);
        }

        void start() throws IOException {
            async = request.startAsync();
            // The container's own async timeout would answer with its error page; the deadline
            // below covers the read, and the receiver's work is bounded by its handlers.
            async.setTimeout(0);
            try {
                in = request.getInputStream();
                synchronized (this) {
                    deadline = DEADLINES.schedule(this::onDeadline, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                in.setReadListener(this);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    refuse(edge.brokenBody(e, 0));
                    done();
                }
            }
        }

        @Override
        public void onDataAvailable() {
            synchronized (this) {
                try {
                    while (!done && in.isReady()) {
                        int read = in.read(chunk, 0, chunk.length);
                        if (read < 0) {
                            return;
                        }
                        if (!reading) {
                            drained += read;
                            if (drained > DRAIN_LIMIT) {
                                done();
                            }
                        } else if (!body.append(chunk, 0, read)) {
                            refuse(body.refusal().orElseThrow());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    if (reading) {
                        refuse(edge.brokenBody(e, body.size()));
                    }
                    done();
                }
            }
        }

        @Override
        public void onAllDataRead() {
            WebhookRequest webhookRequest;
            synchronized (this) {
                if (!reading) {
                    done();
                    return;
                }
                reading = false;
                deadline.cancel(false);
                webhookRequest = webhookRequest(request, body);
            }
            // The receiver runs outside the lock: it may take as long as its handlers do.
            WebhookResponse answer = receiver.receive(webhookRequest);
            synchronized (this) {
                writeQuietly(answer, false);
                done();
            }
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (this) {
                if (reading) {
                    refuse(edge.brokenBody(failure, body.size()));
                }
                done();
            }
        }

        private void onDeadline() {
            synchronized (this) {
                if (reading) {
                    refuse(edge.readTimedOut(body.size()));
                }
                // Whatever was still being drained is dropped with the connection.
                done();
            }
        }

        /** Answers without running the receiver and starts draining. Called with the lock held. */
        private void refuse(WebhookResponse answer) {
            if (!reading || done) {
                return;
            }
            reading = false;
            body.close();
            writeQuietly(answer, true);
        }

        private void writeQuietly(WebhookResponse answer, boolean close) {
            try {
                write(response, answer, close);
            } catch (IOException | RuntimeException e) {
                // The sender has gone; there is nobody left to answer.
                log.debug("payhooks {}: could not write the {} answer: {}", receiver.provider(), answer.status(),
                        e.getClass().getSimpleName());
            }
        }

        /** Ends the request. Called with the lock held; idempotent. */
        private void done() {
            if (done) {
                return;
            }
            done = true;
            reading = false;
            if (deadline != null) {
                deadline.cancel(false);
            }
            body.close();
            try {
                async.complete();
            } catch (RuntimeException e) {
                log.debug("payhooks {}: completing the async request failed: {}", receiver.provider(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Whether a request answered without reading its body may still have body bytes on the wire.
     * Such an answer asks for the connection to be closed: the container may drop the connection
     * rather than drain the rest, and a client that reused it would see a broken pipe.
     */
    private static boolean mayHaveBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static WebhookRequest webhookRequest(HttpServletRequest request, BodyBuffer body) {
        WebhookRequest.Builder builder = body.toRequest();
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
        for (Map.Entry<String, String> header : WebhookEdge.headers(answer, close).entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        byte[] bytes = WebhookEdge.body(answer);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /**
     * The size limit in force.
     *
     * @return bytes
     */
    public int maxBodyBytes() {
        return edge.maxBodyBytes();
    }

    @Override
    public String toString() {
        return edge.toString();
    }

    /**
     * A verified delivery for pass-through mode; close it once the rest of the chain has run, to
     * give the body's memory back to the budget.
     *
     * @param request the request that was verified (its body is replayed down the chain)
     * @param response what the receiver answered (its event is present)
     * @param body the buffer the body was read into
     */
    public record Verified(WebhookRequest request, WebhookResponse response, BodyBuffer body) implements AutoCloseable {
        @Override
        public void close() {
            body.close();
        }
    }
}
