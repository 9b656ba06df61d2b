package dev.payhooks.jaxrs;

import dev.payhooks.BodyBuffer;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.http.QueryStrings;
import dev.payhooks.internal.http.WebhookEdge;
import dev.payhooks.internal.http.WebhookPaths;
import dev.payhooks.jaxrs.internal.VerifiedBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook endpoint of a {@link WebhookRequestFilter}: a receiver, the paths it answers, and how
 * the body is read (size limit, content types, read deadline, pass-through). Build one per provider
 * (or per receiver) and give them all to one filter:
 *
 * <pre>{@code
 * register(WebhookRequestFilter.of(
 *         WebhookEndpoint.builder(stripeReceiver).paths("/webhooks/stripe").build(),
 *         WebhookEndpoint.builder(omiseReceiver).paths("/webhooks/omise/*").maxBodyBytes(256 * 1024).build()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookEndpoint {

    private static final int CHUNK = 8192;

    private final WebhookEdge edge;
    private final WebhookReceiver receiver;
    private final WebhookPaths paths;
    private final boolean passThrough;

    private WebhookEndpoint(Builder builder) {
        this.edge = builder.edge.build();
        this.receiver = edge.receiver();
        this.paths = WebhookPaths.of(builder.paths);
        this.passThrough = builder.passThrough;
    }

    /**
     * A builder for an endpoint of this receiver.
     *
     * @param receiver the configured receiver
     * @return a new builder; name the paths with {@link Builder#paths(String...)}
     */
    public static Builder builder(WebhookReceiver receiver) {
        return new Builder(receiver);
    }

    /** Whether this endpoint answers a request path. */
    boolean matches(String path) {
        return paths.matches(path);
    }

    /** Receives a delivery on one of this endpoint's paths, or passes a verified one on. */
    void handle(ContainerRequestContext context) {
        long declared = context.getLength();
        boolean mayHaveBody = declared > 0 || context.getHeaderString("Transfer-Encoding") != null;
        Optional<WebhookEdge.Refusal> refused = edge.checkHead(context.getMethod(), context.getHeaderString("Content-Type"),
                declared, mayHaveBody);
        if (refused.isPresent()) {
            // No "Connection: close" here: the body is still on the wire, and a runtime that closes at
            // once (Undertow does when asked) can make the kernel reset the connection before the
            // sender reads the answer. Left open, the runtime reads and drops the rest or closes by
            // its own rules, as servlet containers do.
            abort(context, refused.get().answer(), false);
            return;
        }
        try (BodyBuffer body = edge.newBodyBuffer(declared)) {
            Optional<WebhookResponse> refusal = read(context.getEntityStream(), body);
            if (refusal.isPresent()) {
                abort(context, refusal.get(), true);
                return;
            }
            WebhookRequest request = webhookRequest(context, body);
            WebhookResponse answer = receiver.receive(request);
            if (passThrough && (answer.outcome() == Outcome.HANDLED || answer.outcome() == Outcome.UNHANDLED)) {
                // The body is verified: it leaves the budget for unverified bodies (closing the buffer
                // below) and now belongs to the request, which the resource method reads.
                Event event = answer.event().orElseThrow();
                context.setEntityStream(new VerifiedBody(request.bodyBuffer(), event));
                context.setProperty(WebhookRequestFilter.EVENT_PROPERTY, event);
                context.setProperty(WebhookRequestFilter.RESPONSE_PROPERTY, answer);
                return;
            }
            abort(context, answer, false);
        }
    }

    /**
     * Reads the body, checking the read deadline each time bytes arrive.
     *
     * @return the answer when the body was refused (too large, over the budget) or broken
     *         (truncated: 400; deadline or read timeout: 408); empty when it was read whole
     */
    private Optional<WebhookResponse> read(InputStream in, BodyBuffer body) {
        long deadline = System.nanoTime() + edge.readTimeout().toNanos();
        byte[] chunk = new byte[CHUNK];
        try {
            int read;
            while ((read = in.read(chunk, 0, chunk.length)) >= 0) {
                if (!body.append(chunk, 0, read)) {
                    return body.refusal();
                }
                if (System.nanoTime() - deadline > 0) {
                    return Optional.of(edge.readTimedOut(body.size()));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Runtimes report a broken transfer as IOException or wrap it (ProcessingException).
            return Optional.of(edge.brokenBody(e, body.size()));
        }
    }

    private static WebhookRequest webhookRequest(ContainerRequestContext context, BodyBuffer body) {
        WebhookRequest.Builder builder = body.toRequest();
        for (Map.Entry<String, List<String>> header : context.getHeaders().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        for (Map.Entry<String, List<String>> parameter
                : QueryStrings.parse(context.getUriInfo().getRequestUri().getRawQuery()).entrySet()) {
            for (String value : parameter.getValue()) {
                builder.queryParameter(parameter.getKey(), value);
            }
        }
        String path = context.getUriInfo().getPath();
        return builder.path(path.startsWith("/") ? path : "/" + path).build();
    }

    private static void abort(ContainerRequestContext context, WebhookResponse answer, boolean close) {
        Response.ResponseBuilder response = Response.status(answer.status());
        for (Map.Entry<String, String> header : WebhookEdge.headers(answer, close).entrySet()) {
            response.header(header.getKey(), header.getValue());
        }
        context.abortWith(response.entity(WebhookEdge.body(answer)).build());
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[" + edge + ", paths=" + paths + ", passThrough=" + passThrough + "]";
    }

    /**
     * Builds a {@link WebhookEndpoint}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final WebhookEdge.Builder edge;
        private List<String> paths = List.of();
        private boolean passThrough;

        private Builder(WebhookReceiver receiver) {
            this.edge = WebhookEdge.builder(Objects.requireNonNull(receiver, "receiver"));
        }

        /**
         * The paths this endpoint answers, relative to the application (the JAX-RS application
         * path): each {@code /a/b} for that path only, or {@code /a/b/*} for that path and
         * everything below it (a tenant in the path). Other requests pass untouched. Required.
         *
         * @param paths one or more paths
         * @return this builder
         * @throws IllegalArgumentException for no path or a malformed one
         */
        public Builder paths(String... paths) {
            List<String> list = List.of(paths);
            WebhookPaths.of(list);
            this.paths = list;
            return this;
        }

        /**
         * The largest body accepted (default: the receiver's {@link WebhookReceiver#maxBodyBytes()},
         * 1 MiB unless configured there). Larger bodies are answered 413.
         *
         * @param maxBodyBytes between 1 and the receiver's own limit
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            edge.maxBodyBytes(maxBodyBytes);
            return this;
        }

        /**
         * The accepted content types, replacing the default ({@code application/json},
         * {@code application/*+json}). Parameters such as {@code charset} are always accepted;
         * other types are answered 415.
         *
         * @param contentTypes each {@code type/subtype}, {@code type/*}, {@code type/*+suffix}
         *                     or {@code *}{@code /*}, without parameters
         * @return this builder
         * @throws IllegalArgumentException for an empty list or a malformed type
         */
        public Builder acceptContentTypes(String... contentTypes) {
            edge.contentTypes(List.of(contentTypes));
            return this;
        }

        /**
         * Accepts any content type, and requests without one (for providers that send none).
         *
         * @return this builder
         */
        public Builder acceptAnyContentType() {
            edge.anyContentType();
            return this;
        }

        /**
         * How long the whole body may take to arrive (default 10 s). Checked each time bytes
         * arrive: a body still incomplete then is answered {@code 408} and the connection closed,
         * without calling the receiver. A sender that stops sending altogether is ended by the
         * server's own read or idle timeout (Jakarta REST has no portable non-blocking read).
         *
         * @param readTimeout positive, at most 10 minutes
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder readTimeout(Duration readTimeout) {
            edge.readTimeout(readTimeout);
            return this;
        }

        /**
         * Passes verified events on to the resource method instead of answering them. When the
         * receiver answers {@link Outcome#HANDLED} or {@link Outcome#UNHANDLED}, the request
         * continues with an entity that replays the verified bytes and the properties
         * {@link WebhookRequestFilter#EVENT_PROPERTY} and {@link WebhookRequestFilter#RESPONSE_PROPERTY} set; the resource method writes
         * the answer (and may take the {@link Event} as its entity parameter). Every other
         * outcome (rejected, duplicate, filtered out, failed, in progress, unavailable) is
         * answered here and no resource runs.
         *
         * <p>Receiver handlers that match the event run (and complete their claim) before the
         * resource method, so a resource method that fails afterwards is <em>not</em> run again by
         * the provider's retry (that retry is a duplicate). A receiver without handlers for the
         * type leaves deduplication, and retries, to the resource method, which should use
         * {@link Event#id()}.
         *
         * @return this builder
         */
        public Builder passThrough() {
            this.passThrough = true;
            return this;
        }

        /**
         * The endpoint.
         *
         * @return an immutable endpoint
         * @throws IllegalStateException when no path was given
         */
        public WebhookEndpoint build() {
            if (paths.isEmpty()) {
                throw new IllegalStateException("name the webhook path(s) with paths(\"/webhooks/stripe\"): a pre-matching"
                        + " filter sees every request of the application");
            }
            return new WebhookEndpoint(this);
        }
    }
}
