package dev.payhooks.servlet;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.servlet.internal.WebhookExchange;

import java.util.List;
import java.util.Objects;

/**
 * The options that {@link WebhookFilter.Builder} and {@link WebhookServlet.Builder} share, with the
 * same names, defaults and checks. Not public: its methods appear on both builders.
 *
 * @param <B> the builder
 */
abstract class ExchangeBuilder<B extends ExchangeBuilder<B>> {

    final WebhookExchange.Options options;

    ExchangeBuilder(WebhookReceiver receiver) {
        this.options = WebhookExchange.options(Objects.requireNonNull(receiver, "receiver"));
    }

    abstract B self();

    /**
     * The largest body accepted (default: the receiver's {@link WebhookReceiver#maxBodyBytes()},
     * 1 MiB unless configured there). Larger bodies are answered 413.
     *
     * @param maxBodyBytes between 1 and the receiver's own limit
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public B maxBodyBytes(int maxBodyBytes) {
        options.maxBodyBytes(maxBodyBytes);
        return self();
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
    public B acceptContentTypes(String... contentTypes) {
        options.contentTypes(List.of(contentTypes));
        return self();
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
    public B readTimeout(java.time.Duration readTimeout) {
        options.readTimeout(readTimeout);
        return self();
    }

    /**
     * Accepts any content type, and requests without one (for providers that send none).
     *
     * @return this builder
     */
    public B acceptAnyContentType() {
        options.anyContentType();
        return self();
    }
}
