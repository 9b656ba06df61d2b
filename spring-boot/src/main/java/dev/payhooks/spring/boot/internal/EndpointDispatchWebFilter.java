package dev.payhooks.spring.boot.internal;

import dev.payhooks.spring.webflux.WebhookWebFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one {@link WebFilter} the starter registers in a reactive application: hands a request on an
 * endpoint path to that endpoint's {@link WebhookWebFilter} and passes every other request on
 * untouched. Its order ({@code payhooks.filter-order}, -110) puts it ahead of Spring Security's
 * {@code WebFilterChainProxy} (-100). It exists before the endpoints are built; a request that
 * arrives before then is answered 503 with {@code Retry-After}, never 2xx.
 */
public final class EndpointDispatchWebFilter implements WebFilter, Ordered {

    private final Map<String, String> endpointsByPath;
    private final int order;
    private final EndpointAdapters<WebhookWebFilter> filters;

    /**
     * Creates the filter.
     *
     * @param endpointsByPath path within the application to endpoint name
     * @param registry where the endpoints' receivers are, once built
     * @param order the filter's order
     */
    public EndpointDispatchWebFilter(Map<String, String> endpointsByPath, EndpointRegistry registry, int order) {
        this.endpointsByPath = Map.copyOf(endpointsByPath);
        this.filters = new EndpointAdapters<>(registry);
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = UriUtils.decode(exchange.getRequest().getPath().pathWithinApplication().value(), StandardCharsets.UTF_8);
        String endpoint = endpointsByPath.get(path);
        if (endpoint == null) {
            return chain.filter(exchange);
        }
        WebhookWebFilter filter = filter(endpoint, path);
        if (filter == null) {
            exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            exchange.getResponse().getHeaders().set("Retry-After", "5");
            return exchange.getResponse().setComplete();
        }
        return filter.filter(exchange, chain);
    }

    /** The endpoint's filter, made on first use (with its own bounded scheduler for the handlers). */
    private WebhookWebFilter filter(String endpoint, String path) {
        return filters.get(endpoint, (receiver, properties) -> WebhookWebFilter.builder(receiver)
                .paths(path)
                .readTimeout(properties.getReadTimeout())
                .build());
    }

    @Override
    public String toString() {
        return "EndpointDispatchWebFilter" + endpointsByPath.keySet();
    }
}
