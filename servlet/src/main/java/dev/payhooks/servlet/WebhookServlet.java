package dev.payhooks.servlet;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.internal.http.WebhookEdge;
import dev.payhooks.servlet.internal.WebhookExchange;
import dev.payhooks.spi.HttpAdapterBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;

/**
 * A servlet that receives webhooks for one {@link WebhookReceiver}, for containers and frameworks
 * where a servlet fits better than a filter. It behaves as {@link WebhookFilter} does without
 * pass-through: raw body within a size limit, 405 / 413 / 415 through the receiver's policy,
 * {@code Cache-Control: no-store} on every answer.
 *
 * <pre>{@code
 * context.addServlet("stripe-webhooks", WebhookServlet.of(receiver))
 *        .addMapping("/webhooks/stripe");
 * }</pre>
 *
 * <p>Register an instance (it has no no-argument constructor). Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Servlets are Serializable by inheritance only; a receiver is never serialised with one. */
    private final transient WebhookExchange exchange;

    private WebhookServlet(WebhookExchange exchange) {
        this.exchange = exchange;
    }

    /**
     * A servlet with the default options: the receiver's body limit and JSON content types.
     *
     * @param receiver the configured receiver
     * @return the servlet
     */
    public static WebhookServlet of(WebhookReceiver receiver) {
        return builder(receiver).build();
    }

    /**
     * A builder for a servlet with other options.
     *
     * @param receiver the configured receiver
     * @return a new builder
     */
    public static Builder builder(WebhookReceiver receiver) {
        return new Builder(receiver);
    }

    /**
     * Receives one delivery. Every method comes here, so that anything but POST is answered
     * through the receiver's policy rather than by the container's defaults.
     *
     * @param request the request
     * @param response the response
     * @throws IOException when the body cannot be read or the answer cannot be written
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchange.exchange(request, response, false);
    }

    @Override
    public String toString() {
        return "WebhookServlet[" + exchange + "]";
    }

    /**
     * Builds a {@link WebhookServlet}. Not thread-safe; the product is.
     *
     * <p>Its options are those of every payhooks HTTP adapter, documented on
     * {@link HttpAdapterBuilder}: {@link #maxBodyBytes(int) maxBodyBytes}, the largest body
     * (default the receiver's limit; 413 above);
     * {@link #acceptContentTypes(String...) acceptContentTypes} and
     * {@link #acceptAnyContentType() acceptAnyContentType}, the content types (default JSON; 415
     * for others); and {@link #readTimeout(Duration) readTimeout}, how long the body may take to
     * arrive (default 10 s; 408 after). The read deadline applies to bodies read asynchronously,
     * which needs the servlet registered as async-supported
     * ({@code registration.setAsyncSupported(true)}); otherwise the container's idle timeout
     * bounds each blocking read.
     *
     * @since 0.1.0
     */
    public static final class Builder extends HttpAdapterBuilder<Builder> {

        private Builder(WebhookReceiver receiver) {
            super(receiver);
        }

        /**
         * The servlet.
         *
         * @return an immutable servlet
         */
        public WebhookServlet build() {
            return new WebhookServlet(new WebhookExchange(WebhookEdge.of(receiver(), configuredMaxBodyBytes(),
                    configuredContentTypes(), configuredReadTimeout())));
        }
    }
}
