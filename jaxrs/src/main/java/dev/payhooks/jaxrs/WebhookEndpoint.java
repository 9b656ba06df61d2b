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
import dev.payhooks.spi.RoutingAdapterBuilder;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private final WebhookEdge edge;
    private final WebhookReceiver receiver;
    private final WebhookPaths paths;
    private final boolean passThrough;

    private WebhookEndpoint(WebhookEdge edge, WebhookPaths paths, boolean passThrough) {
        this.edge = edge;
        this.receiver = edge.receiver();
        this.paths = paths;
        this.passThrough = passThrough;
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
            Optional<WebhookResponse> refusal = edge.readBlocking(context.getEntityStream(), body, true);
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
     * <p>Besides {@link #passThrough()}, it has the options of every payhooks adapter whose
     * filter sees every request, documented on {@link RoutingAdapterBuilder}:
     * {@link #paths(String...) paths}, the paths answered, relative to the JAX-RS application path
     * (required); {@link #maxBodyBytes(int) maxBodyBytes}, the largest body (default the
     * receiver's limit; 413 above); {@link #acceptContentTypes(String...) acceptContentTypes} and
     * {@link #acceptAnyContentType() acceptAnyContentType}, the content types (default JSON; 415
     * for others); and {@link #readTimeout(Duration) readTimeout}, how long the body may take to
     * arrive (default 10 s; 408 after). The read deadline is checked each time bytes arrive; a
     * sender that stops sending altogether is ended by the server's own read or idle timeout
     * (Jakarta REST has no portable non-blocking read).
     *
     * @since 0.1.0
     */
    public static final class Builder extends RoutingAdapterBuilder<Builder> {
        private boolean passThrough;

        private Builder(WebhookReceiver receiver) {
            super(receiver);
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
            WebhookPaths paths = WebhookPaths.of(configuredPaths());
            return new WebhookEndpoint(WebhookEdge.of(receiver(), configuredMaxBodyBytes(), configuredContentTypes(),
                    configuredReadTimeout()), paths, passThrough);
        }
    }
}
