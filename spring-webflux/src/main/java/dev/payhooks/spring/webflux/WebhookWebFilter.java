package dev.payhooks.spring.webflux;

import dev.payhooks.BodyBuffer;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.http.QueryStrings;
import dev.payhooks.internal.http.WebhookEdge;
import dev.payhooks.internal.http.WebhookPaths;
import dev.payhooks.spi.RoutingAdapterBuilder;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * A Spring WebFlux {@link WebFilter} that receives webhooks for one {@link WebhookReceiver} on the
 * paths it is given: it aggregates the raw body without blocking, within a size limit and a read
 * deadline, runs the receiver (verification and your handlers, which are blocking code) on a
 * bounded scheduler, never on the server's event loop, and writes the receiver's answer. Requests
 * to other paths pass untouched.
 *
 * <pre>{@code
 * @Bean
 * WebhookWebFilter stripeWebhooks(WebhookReceiver stripeReceiver) {
 *     return WebhookWebFilter.of(stripeReceiver, "/webhooks/stripe");
 * }
 * }</pre>
 *
 * <p>What it answers without asking the receiver, through the receiver's
 * {@link dev.payhooks.ResponsePolicy}: 405 (with {@code Allow: POST}) for any method but POST; 415
 * for a content type that is not accepted (default: {@code application/json} and
 * {@code application/*+json}, any parameters); 413 when {@code Content-Length} is over the limit
 * (without keeping a byte of it: such a refused body is read and dropped, up to 2 MiB or the read
 * deadline, before the answer, so that the connection is not reset under the sender's feet), or as
 * soon as a body sent without a length passes it (at most limit + 1 bytes are kept); 503 with {@code Retry-After} when the body's next bytes do not fit in the
 * receiver's {@link dev.payhooks.MemoryBudget}, or when {@code maxConcurrentDeliveries}
 * deliveries of this filter are already being verified or handled; 408 for a body still
 * incomplete at the read deadline; 400 for a body cut short. Every answer carries
 * {@code Cache-Control: no-store}.
 *
 * <p>The receiver sees the headers, the query parameters (parsed from the raw query string, so a
 * form body is never consumed) and the decoded path within the application (as used by
 * {@link dev.payhooks.TenantKey#pathSegment(int)}).
 *
 * <p>In {@linkplain Builder#passThrough() pass-through mode}, a verified, fresh event is not
 * answered here: the exchange goes on down the chain with a body that replays the same bytes and
 * the event in the exchange attribute {@value #EVENT_ATTRIBUTE}.
 *
 * <p>Its order is {@link Ordered#HIGHEST_PRECEDENCE}: it runs before Spring Security's filter
 * chain and anything else that might read the body. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookWebFilter implements WebFilter, Ordered {

    /** How much of a refused body is read and dropped before the answer, at most (as the servlet adapter does). */
    private static final long DRAIN_LIMIT = 2L << 20;


    /**
     * In pass-through mode, the exchange attribute holding the verified {@link Event}:
     * {@code exchange.getAttribute(WebhookWebFilter.EVENT_ATTRIBUTE)}.
     */
    public static final String EVENT_ATTRIBUTE = "dev.payhooks.spring.webflux.event";

    /**
     * In pass-through mode, the exchange attribute holding the receiver's {@link WebhookResponse}
     * (its {@link WebhookResponse#outcome() outcome} says whether receiver handlers ran).
     */
    public static final String RESPONSE_ATTRIBUTE = "dev.payhooks.spring.webflux.response";

    private final WebhookEdge edge;
    private final WebhookReceiver receiver;
    private final WebhookPaths paths;
    private final boolean passThrough;
    private final Scheduler scheduler;
    private final Semaphore deliveries;
    private final int maxDeliveries;

    private WebhookWebFilter(WebhookEdge edge, WebhookPaths paths, boolean passThrough, Scheduler scheduler) {
        this.edge = edge;
        this.receiver = edge.receiver();
        this.paths = paths;
        this.passThrough = passThrough;
        this.maxDeliveries = receiver.maxConcurrentDeliveries();
        this.deliveries = new Semaphore(maxDeliveries);
        this.scheduler = scheduler != null ? scheduler
                // One thread per delivery the receiver admits at once, created on demand and
                // retired after a minute idle; daemon threads, so they never hold the JVM open.
                : Schedulers.newBoundedElastic(maxDeliveries, maxDeliveries, "payhooks-" + receiver.provider(), 60, true);
    }

    /**
     * A filter with the default options for the given paths: the receiver's body limit, JSON
     * content types, a 10 s read deadline, its own bounded scheduler, answering every request.
     *
     * @param receiver the configured receiver
     * @param paths each {@code /a/b} (that path only) or {@code /a/b/*} (that path and everything
     *              below it), within the application
     * @return the filter
     * @throws IllegalArgumentException for no path or a malformed one
     */
    public static WebhookWebFilter of(WebhookReceiver receiver, String... paths) {
        return builder(receiver).paths(paths).build();
    }

    /**
     * A builder for a filter with other options.
     *
     * @param receiver the configured receiver
     * @return a new builder
     */
    public static Builder builder(WebhookReceiver receiver) {
        return new Builder(receiver);
    }

    /**
     * {@link Ordered#HIGHEST_PRECEDENCE}: before any filter that could read the body.
     *
     * @return the order
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * Receives a delivery on one of the filter's paths, or passes a verified one on in
     * pass-through mode; passes every other request on untouched.
     *
     * @param exchange the exchange
     * @param chain the rest of the chain
     * @return completion of the answer (or of the rest of the chain)
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = UriUtils.decode(request.getPath().pathWithinApplication().value(), StandardCharsets.UTF_8);
        if (!paths.matches(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = request.getHeaders();
        long declared = headers.getContentLength();
        // Only methods HttpHeaders has in Spring 6.2 and in 7 (where it is no longer a Map).
        boolean mayHaveBody = declared > 0 || headers.getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
        Optional<WebhookEdge.Refusal> refused = edge.checkHead(request.getMethod().name(),
                headers.getFirst(HttpHeaders.CONTENT_TYPE), declared, mayHaveBody);
        if (refused.isPresent()) {
            // The body the sender is still sending is read and dropped first (up to DRAIN_LIMIT bytes
            // or the read deadline): answering and closing with unread input makes the kernel reset
            // the connection, and a reset can destroy the answer before the sender reads it.
            return mayHaveBody ? drain(request).then(write(exchange.getResponse(), refused.get().answer(), true))
                    : write(exchange.getResponse(), refused.get().answer(), refused.get().close());
        }
        Aggregation body = new Aggregation(edge.newBodyBuffer(declared));
        return request.getBody()
                .<Void>handle((buffer, sink) -> {
                    try {
                        if (!body.append(buffer)) {
                            sink.complete();   // cancels the rest of the body: not read, not buffered
                        }
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .then(Mono.fromCallable(body::refusal))
                .timeout(edge.readTimeout(), Mono.fromCallable(body::timedOut))
                .onErrorResume(failure -> Mono.fromCallable(() -> body.broken(failure)))
                .flatMap(refusal -> refusal.isPresent()
                        ? write(exchange.getResponse(), refusal.get(), true)
                        : receive(exchange, chain, body.toRequest(path, request)))
                .doFinally(signal -> body.close());
    }

    /** Runs the receiver off the event loop, at most {@code maxConcurrentDeliveries} at once. */
    private Mono<Void> receive(ServerWebExchange exchange, WebFilterChain chain, WebhookRequest request) {
        if (!deliveries.tryAcquire()) {
            return write(exchange.getResponse(), edge.overloaded(maxDeliveries + " deliveries were already being verified"
                    + " or handled by this filter"), false);
        }
        return Mono.fromCallable(() -> receiver.receive(request))
                .subscribeOn(scheduler)
                .doFinally(signal -> deliveries.release())
                .flatMap(answer -> {
                    if (passThrough && (answer.outcome() == Outcome.HANDLED || answer.outcome() == Outcome.UNHANDLED)) {
                        return passOn(exchange, chain, request, answer);
                    }
                    return write(exchange.getResponse(), answer, false);
                });
    }

    private static Mono<Void> passOn(ServerWebExchange exchange, WebFilterChain chain, WebhookRequest request,
                                     WebhookResponse answer) {
        ByteBuffer verified = request.bodyBuffer();
        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                // The verified bytes, wrapped (not copied) each time the body is subscribed to.
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(verified.duplicate())));
            }
        };
        ServerWebExchange passed = exchange.mutate().request(replay).build();
        passed.getAttributes().put(EVENT_ATTRIBUTE, answer.event().orElseThrow());
        passed.getAttributes().put(RESPONSE_ATTRIBUTE, answer);
        return chain.filter(passed);
    }

    /** Reads and releases a refused body, up to {@link #DRAIN_LIMIT} bytes or the read deadline; never fails. */
    private Mono<Void> drain(ServerHttpRequest request) {
        long[] seen = {0};
        return request.getBody()
                .<Void>handle((buffer, sink) -> {
                    try {
                        seen[0] += buffer.readableByteCount();
                        if (seen[0] > DRAIN_LIMIT) {
                            sink.complete();
                        }
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .then()
                .timeout(edge.readTimeout(), Mono.empty())
                .onErrorResume(failure -> Mono.empty());
    }

    private static Mono<Void> write(ServerHttpResponse response, WebhookResponse answer, boolean close) {
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        for (Map.Entry<String, String> header : WebhookEdge.headers(answer, close).entrySet()) {
            response.getHeaders().set(header.getKey(), header.getValue());
        }
        byte[] bytes = WebhookEdge.body(answer);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    @Override
    public String toString() {
        return "WebhookWebFilter[" + edge + ", paths=" + paths + ", passThrough=" + passThrough + "]";
    }

    /**
     * One body being aggregated. Appends arrive on the event loop, the read deadline fires on a
     * timer thread: both take this lock, and the first to end the read wins.
     */
    private final class Aggregation {
        private final BodyBuffer body;
        private boolean ended;

        Aggregation(BodyBuffer body) {
            this.body = body;
        }

        /** @return whether to keep reading */
        synchronized boolean append(DataBuffer buffer) {
            if (ended) {
                return false;
            }
            try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
                while (parts.hasNext()) {
                    if (!body.append(parts.next())) {
                        ended = true;
                        return false;
                    }
                }
            }
            return true;
        }

        /** After the last byte (or a refusal): the refusal, if the body was refused. */
        synchronized Optional<WebhookResponse> refusal() {
            ended = true;
            return body.refusal();
        }

        synchronized Optional<WebhookResponse> timedOut() {
            ended = true;
            return Optional.of(edge.readTimedOut(body.size()));
        }

        synchronized Optional<WebhookResponse> broken(Throwable failure) {
            ended = true;
            return Optional.of(edge.brokenBody(failure, body.size()));
        }

        synchronized WebhookRequest toRequest(String path, ServerHttpRequest request) {
            WebhookRequest.Builder builder = body.toRequest();
            request.getHeaders().forEach((name, values) -> {
                for (String value : values) {
                    builder.header(name, value);
                }
            });
            for (Map.Entry<String, List<String>> parameter : QueryStrings.parse(request.getURI().getRawQuery()).entrySet()) {
                for (String value : parameter.getValue()) {
                    builder.queryParameter(parameter.getKey(), value);
                }
            }
            return builder.path(path.startsWith("/") ? path : "/" + path).build();
        }

        synchronized void close() {
            ended = true;
            body.close();
        }
    }

    /**
     * Builds a {@link WebhookWebFilter}. Not thread-safe; the product is.
     *
     * <p>Besides {@link #scheduler(Scheduler)} and {@link #passThrough()}, it has the options of
     * every payhooks adapter whose filter sees every request, documented on
     * {@link RoutingAdapterBuilder}: {@link #paths(String...) paths}, the paths answered, within
     * the application (required); {@link #maxBodyBytes(int) maxBodyBytes}, the largest body
     * (default the receiver's limit; 413 above);
     * {@link #acceptContentTypes(String...) acceptContentTypes} and
     * {@link #acceptAnyContentType() acceptAnyContentType}, the content types (default JSON; 415
     * for others); and {@link #readTimeout(Duration) readTimeout}, how long the body may take to
     * arrive (default 10 s; 408 after). The body is read without blocking, so a slow sender holds
     * a buffer, not a thread.
     *
     * @since 0.1.0
     */
    public static final class Builder extends RoutingAdapterBuilder<Builder> {
        private boolean passThrough;
        private Scheduler scheduler;

        private Builder(WebhookReceiver receiver) {
            super(receiver);
        }

        /**
         * Where the receiver runs (verification, deduplication, your handlers). Default: a
         * scheduler of this filter's own with at most the receiver's
         * {@link WebhookReceiver#maxConcurrentDeliveries()} threads. Never a Netty event loop:
         * handlers block. Whatever the scheduler, at most {@code maxConcurrentDeliveries}
         * deliveries of this filter are handed to it at once; one more is answered 503 with
         * {@code Retry-After} at once, so nothing queues without bound.
         *
         * @param scheduler a scheduler for blocking work, e.g. {@code Schedulers.boundedElastic()}
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Passes verified events on down the filter chain instead of answering them, for
         * applications whose own handler or controller should run. When the receiver answers
         * {@link Outcome#HANDLED} or {@link Outcome#UNHANDLED}, the exchange continues with a
         * body that replays the verified bytes, {@link #EVENT_ATTRIBUTE} and
         * {@link #RESPONSE_ATTRIBUTE} set, and the controller writes the answer. Every other
         * outcome (rejected, duplicate, filtered out, failed, in progress, unavailable) is
         * answered here and the chain never runs.
         *
         * <p>Receiver handlers that match the event run (and complete their claim) before the
         * controller, so a controller that fails afterwards is <em>not</em> run again by the
         * provider's retry (that retry is a duplicate). A receiver without handlers for the type
         * leaves deduplication, and retries, to the controller, which should use {@link Event#id()}.
         *
         * @return this builder
         */
        public Builder passThrough() {
            this.passThrough = true;
            return this;
        }

        /**
         * The filter.
         *
         * @return an immutable filter
         * @throws IllegalStateException when no path was given
         */
        public WebhookWebFilter build() {
            WebhookPaths paths = WebhookPaths.of(configuredPaths());
            return new WebhookWebFilter(WebhookEdge.of(receiver(), configuredMaxBodyBytes(), configuredContentTypes(),
                    configuredReadTimeout()), paths, passThrough, scheduler);
        }
    }
}
