package dev.payhooks.spi;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.internal.config.Checks;
import dev.payhooks.internal.http.MediaTypes;
import dev.payhooks.internal.http.WebhookEdge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every HTTP adapter's builder has in common: how the raw body of a delivery is taken in
 * (size limit, accepted content types, read deadline). The builders of payhooks' adapters extend
 * it ({@code WebhookFilter.builder(receiver)}, {@code WebhookServlet.builder(receiver)},
 * {@code WebhookEndpoint.builder(receiver)}, {@code WebhookWebFilter.builder(receiver)}), so these
 * options have the same names, defaults and checks on every HTTP stack:
 *
 * <pre>{@code
 * WebhookFilter filter = WebhookFilter.builder(receiver)
 *         .maxBodyBytes(256 * 1024)                  // 413 above
 *         .acceptContentTypes("application/json")    // 415 for any other type
 *         .readTimeout(Duration.ofSeconds(5))        // 408 when the body is not in by then
 *         .build();
 * }</pre>
 *
 * <p>For an adapter author: extend it with the builder of your adapter (passing the builder's own
 * type as {@code B}), add your stack's options, and read the configured values with the
 * {@code configured...()} methods when you build. Adapters whose filter sees every request of the
 * application and answers only its webhook paths extend {@link RoutingAdapterBuilder} instead.
 *
 * <p>Each setter checks its argument at once. Not thread-safe; what an adapter builds from it
 * should be immutable and thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 * @since 0.1.0
 */
public abstract class HttpAdapterBuilder<B extends HttpAdapterBuilder<B>> {

    private static final List<String> ANY_CONTENT_TYPE = List.of("*/*");

    private final WebhookReceiver receiver;
    private int maxBodyBytes;
    private List<String> contentTypes = List.of("application/json", "application/*+json");
    private Duration readTimeout = WebhookEdge.DEFAULT_READ_TIMEOUT;

    /**
     * For adapter builders.
     *
     * @param receiver the configured receiver every delivery goes to
     */
    protected HttpAdapterBuilder(WebhookReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.maxBodyBytes = receiver.maxBodyBytes();
    }

    /**
     * The largest body accepted (default: the receiver's {@link WebhookReceiver#maxBodyBytes()},
     * 1 MiB unless configured there). Larger bodies are answered 413: at once when the
     * {@code Content-Length} says so, else as soon as the body passes the limit (at most
     * limit + 1 bytes are kept).
     *
     * @param maxBodyBytes between 1 and the receiver's own limit
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public final B maxBodyBytes(int maxBodyBytes) {
        Checks.atLeastOne(maxBodyBytes, "maxBodyBytes");
        if (maxBodyBytes > receiver.maxBodyBytes()) {
            throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " is over the receiver's own limit of "
                    + receiver.maxBodyBytes() + " bytes, which would reject those bodies anyway;"
                    + " raise it with WebhookReceiver.builder().maxBodyBytes(...) first");
        }
        this.maxBodyBytes = maxBodyBytes;
        return self();
    }

    /**
     * The accepted content types, replacing the default ({@code application/json},
     * {@code application/*+json}). Parameters such as {@code charset} are always accepted;
     * other types, and requests without a {@code Content-Type}, are answered 415.
     *
     * @param contentTypes each {@code type/subtype}, {@code type/*}, {@code type/*+suffix}
     *                     or {@code *}{@code /*}, without parameters
     * @return this builder
     * @throws IllegalArgumentException for an empty list or a malformed type
     */
    public final B acceptContentTypes(String... contentTypes) {
        List<String> list = List.of(Objects.requireNonNull(contentTypes, "contentTypes"));
        MediaTypes.of(list);
        this.contentTypes = list;
        return self();
    }

    /**
     * Accepts any content type, and requests without one (for providers that send none).
     *
     * @return this builder
     */
    public final B acceptAnyContentType() {
        this.contentTypes = ANY_CONTENT_TYPE;
        return self();
    }

    /**
     * How long the whole body may take to arrive (default 10 s): a body still incomplete then is
     * answered {@code 408} and the connection closed, without calling the receiver. How the
     * adapter keeps the deadline (a non-blocking read, or a check each time bytes arrive) is
     * said in its own documentation.
     *
     * @param readTimeout positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public final B readTimeout(Duration readTimeout) {
        this.readTimeout = Checks.positiveAtMost(readTimeout, "readTimeout", WebhookEdge.MAX_READ_TIMEOUT);
        return self();
    }

    /**
     * The receiver given to the constructor.
     *
     * @return the receiver every delivery goes to
     */
    protected final WebhookReceiver receiver() {
        return receiver;
    }

    /**
     * The body limit set, or the receiver's.
     *
     * @return bytes, between 1 and the receiver's {@link WebhookReceiver#maxBodyBytes()}
     */
    protected final int configuredMaxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The accepted content types set, or the default.
     *
     * @return the media types and ranges as given ({@code [*}{@code /*]} after
     *         {@link #acceptAnyContentType()}, which also accepts a request without a
     *         {@code Content-Type}); immutable
     */
    protected final List<String> configuredContentTypes() {
        return contentTypes;
    }

    /**
     * The read deadline set, or the default of 10 seconds.
     *
     * @return how long a whole body may take to arrive
     */
    protected final Duration configuredReadTimeout() {
        return readTimeout;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
