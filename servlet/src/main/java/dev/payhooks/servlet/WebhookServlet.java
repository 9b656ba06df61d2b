package dev.payhooks.servlet;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.servlet.internal.WebhookExchange;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

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

    private WebhookServlet(Builder builder) {
        this.exchange = builder.options.build();
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
     * @since 0.1.0
     */
    public static final class Builder {
        private final WebhookExchange.Options options;

        private Builder(WebhookReceiver receiver) {
            this.options = WebhookExchange.options(Objects.requireNonNull(receiver, "receiver"));
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
            options.maxBodyBytes(maxBodyBytes);
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
            options.contentTypes(List.of(contentTypes));
            return this;
        }

        /**
         * How long the whole body may take to arrive (default 10 s): a body still incomplete then
         * is answered {@code 408} and the connection closed, without calling the receiver. Applies
         * to bodies read asynchronously, which needs the filter or servlet registered as
         * async-supported ({@code registration.setAsyncSupported(true)}); otherwise the
         * container's idle timeout bounds each blocking read.
         *
         * @param readTimeout positive, at most 10 minutes
         * @return this builder
         * @throws IllegalArgumentException when out of that range
         */
        public Builder readTimeout(java.time.Duration readTimeout) {
            options.readTimeout(readTimeout);
            return this;
        }

        /**
         * Accepts any content type, and requests without one (for providers that send none).
         *
         * @return this builder
         */
        public Builder acceptAnyContentType() {
            options.anyContentType();
            return this;
        }

        /**
         * The servlet.
         *
         * @return an immutable servlet
         */
        public WebhookServlet build() {
            return new WebhookServlet(this);
        }
    }
}
