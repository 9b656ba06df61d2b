package dev.payhooks.spi;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.internal.http.WebhookPaths;

import java.util.List;
import java.util.Objects;

/**
 * An {@link HttpAdapterBuilder} with the webhook paths, for adapters whose filter sees every
 * request of the application and answers only its webhook paths (a Jakarta REST pre-matching
 * filter, a WebFlux {@code WebFilter}); requests to other paths pass untouched.
 *
 * <pre>{@code
 * WebhookWebFilter filter = WebhookWebFilter.builder(receiver)
 *         .paths("/webhooks/stripe")
 *         .maxBodyBytes(256 * 1024)
 *         .build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 * @since 0.1.0
 */
public abstract class RoutingAdapterBuilder<B extends RoutingAdapterBuilder<B>> extends HttpAdapterBuilder<B> {

    private List<String> paths = List.of();

    /**
     * For adapter builders.
     *
     * @param receiver the configured receiver every delivery goes to
     */
    protected RoutingAdapterBuilder(WebhookReceiver receiver) {
        super(receiver);
    }

    /**
     * The paths answered, within the application: each {@code /a/b} for that path only, or
     * {@code /a/b/*} for that path and everything below it (a tenant in the path). Paths are
     * compared decoded and without a trailing slash. Other requests pass untouched. Required.
     *
     * @param paths one or more paths
     * @return this builder
     * @throws IllegalArgumentException for no path or a malformed one
     */
    @SuppressWarnings("unchecked")
    public final B paths(String... paths) {
        List<String> list = List.of(Objects.requireNonNull(paths, "paths"));
        WebhookPaths.of(list);
        this.paths = list;
        return (B) this;
    }

    /**
     * The paths set, for building.
     *
     * @return the paths as given, at least one; immutable
     * @throws IllegalStateException when none were given
     */
    protected final List<String> configuredPaths() {
        if (paths.isEmpty()) {
            throw new IllegalStateException("name the webhook path(s) with paths(\"/webhooks/stripe\"): this adapter sees"
                    + " every request of the application and answers only those paths");
        }
        return paths;
    }
}
