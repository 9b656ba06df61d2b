package dev.payhooks.servlet;

import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.internal.http.WebhookEdge;
import dev.payhooks.servlet.internal.ReplayingRequest;
import dev.payhooks.servlet.internal.WebhookExchange;
import dev.payhooks.spi.HttpAdapterBuilder;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A servlet filter that receives webhooks for one {@link WebhookReceiver}: it reads the raw body
 * as bytes within a size limit, hands it to the receiver and writes the receiver's answer.
 * Map it to the webhook URL only, and order it before any filter that reads the body (CSRF
 * protection, request logging, form parsing): a body read or re-encoded first no longer verifies.
 *
 * <pre>{@code
 * context.addFilter("stripe-webhooks", WebhookFilter.of(receiver))
 *        .addMappingForUrlPatterns(null, false, "/webhooks/stripe");
 * }</pre>
 *
 * <p>What it answers without asking the receiver, through the receiver's
 * {@link dev.payhooks.ResponsePolicy}: 405 (with {@code Allow: POST}) for any method but POST; 415
 * for a content type that is not accepted (default: {@code application/json} and
 * {@code application/*+json}, any parameters); 413 when {@code Content-Length} is over the limit,
 * before reading a byte, or when a body sent without a length passes it, after reading at most
 * limit + 1 bytes. Every answer carries {@code Cache-Control: no-store}.
 *
 * <p>The receiver sees the headers, the query parameters (parsed from the raw query string;
 * {@code getParameter} is never called, because for form content types it consumes the body) and
 * the path inside the application ({@code servletPath + pathInfo}, as used by
 * {@link dev.payhooks.TenantKey#pathSegment(int)}).
 *
 * <p>In {@linkplain Builder#passThrough() pass-through mode}, a verified, fresh event is not
 * answered here: the request goes on down the chain, with a body that replays the same bytes and
 * the event in the request attribute {@value #EVENT_ATTRIBUTE}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookFilter implements Filter {

    /**
     * In pass-through mode, the request attribute holding the verified {@link Event}:
     * {@code (Event) request.getAttribute(WebhookFilter.EVENT_ATTRIBUTE)}.
     */
    public static final String EVENT_ATTRIBUTE = "dev.payhooks.servlet.event";

    /**
     * In pass-through mode, the request attribute holding the receiver's {@link WebhookResponse}
     * (its {@link WebhookResponse#outcome() outcome} says whether receiver handlers ran).
     */
    public static final String RESPONSE_ATTRIBUTE = "dev.payhooks.servlet.response";

    private final WebhookExchange exchange;
    private final boolean passThrough;

    private WebhookFilter(WebhookExchange exchange, boolean passThrough) {
        this.exchange = exchange;
        this.passThrough = passThrough;
    }

    /**
     * A filter with the default options: the receiver's body limit, JSON content types, answering
     * every request itself.
     *
     * @param receiver the configured receiver
     * @return the filter
     */
    public static WebhookFilter of(WebhookReceiver receiver) {
        return builder(receiver).build();
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
     * Receives the delivery, or passes a verified one on in pass-through mode.
     *
     * @param request the request
     * @param response the response
     * @param chain the rest of the chain; called only in pass-through mode
     * @throws IOException when the body cannot be read or the answer cannot be written
     * @throws ServletException for a non-HTTP request, or from the rest of the chain
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("WebhookFilter handles HTTP requests only; map it to the webhook URL");
        }
        Optional<WebhookExchange.Verified> verified = exchange.exchange(httpRequest, httpResponse, passThrough);
        if (verified.isPresent()) {
            try (WebhookExchange.Verified delivery = verified.get()) {
                WebhookResponse answer = delivery.response();
                ReplayingRequest replay = new ReplayingRequest(httpRequest, delivery.request().bodyBuffer());
                replay.setAttribute(EVENT_ATTRIBUTE, answer.event().orElseThrow());
                replay.setAttribute(RESPONSE_ATTRIBUTE, answer);
                chain.doFilter(replay, httpResponse);
            }
        }
    }

    @Override
    public String toString() {
        return "WebhookFilter[" + exchange + ", passThrough=" + passThrough + "]";
    }

    /**
     * Builds a {@link WebhookFilter}. Not thread-safe; the product is.
     *
     * <p>Besides {@link #passThrough()}, it has the options of every payhooks HTTP adapter,
     * documented on {@link HttpAdapterBuilder}: {@link #maxBodyBytes(int) maxBodyBytes}, the
     * largest body (default the receiver's limit; 413 above);
     * {@link #acceptContentTypes(String...) acceptContentTypes} and
     * {@link #acceptAnyContentType() acceptAnyContentType}, the content types (default JSON; 415
     * for others); and {@link #readTimeout(Duration) readTimeout}, how long the body may take to
     * arrive (default 10 s; 408 after). The read deadline applies to bodies read asynchronously,
     * which needs the filter registered as async-supported
     * ({@code registration.setAsyncSupported(true)}); otherwise the container's idle timeout
     * bounds each blocking read.
     *
     * @since 0.1.0
     */
    public static final class Builder extends HttpAdapterBuilder<Builder> {
        private boolean passThrough;

        private Builder(WebhookReceiver receiver) {
            super(receiver);
        }

        /**
         * Passes verified events on down the filter chain instead of answering them, for
         * applications whose own controller should run. When the receiver answers
         * {@link Outcome#HANDLED} or {@link Outcome#UNHANDLED}, the request continues with a body
         * that replays the verified bytes, {@link #EVENT_ATTRIBUTE} and {@link #RESPONSE_ATTRIBUTE}
         * set, and the controller writes the answer. Every other outcome (rejected, duplicate,
         * filtered out, failed, in progress, unavailable) is answered here and the chain never runs.
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
         */
        public WebhookFilter build() {
            return new WebhookFilter(new WebhookExchange(WebhookEdge.of(receiver(), configuredMaxBodyBytes(),
                    configuredContentTypes(), configuredReadTimeout())), passThrough);
        }
    }
}
