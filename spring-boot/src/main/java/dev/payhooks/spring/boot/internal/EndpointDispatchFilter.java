package dev.payhooks.spring.boot.internal;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.spring.boot.PayhooksProperties;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one servlet filter the starter registers, mapped to the endpoint paths only: hands each
 * request to its endpoint's {@link WebhookFilter}. It exists before the endpoints are built (the
 * web server creates its filters first); a request that arrives before then is answered 503 with
 * {@code Retry-After}, never 2xx.
 */
public final class EndpointDispatchFilter implements Filter {

    private final Map<String, String> endpointsByPath;
    private final EndpointRegistry registry;
    private final Map<String, WebhookFilter> filters = new ConcurrentHashMap<>();

    /**
     * Creates the filter.
     *
     * @param endpointsByPath path within the application to endpoint name
     * @param registry where the endpoints' filters are, once built
     */
    public EndpointDispatchFilter(Map<String, String> endpointsByPath, EndpointRegistry registry) {
        this.endpointsByPath = Map.copyOf(endpointsByPath);
        this.registry = registry;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
        String endpoint = endpointsByPath.get(path);
        if (endpoint == null) {
            chain.doFilter(request, response);
            return;
        }
        WebhookFilter filter = filter(endpoint);
        if (filter == null) {
            httpResponse.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            httpResponse.setHeader("Retry-After", "5");
            return;
        }
        filter.doFilter(request, response, chain);
    }

    /** The endpoint's filter, made on first use (the servlet API exists only in servlet applications). */
    private WebhookFilter filter(String endpoint) {
        WebhookFilter filter = filters.get(endpoint);
        if (filter != null) {
            return filter;
        }
        Optional<WebhookReceiver> receiver = registry.receiver(endpoint);
        Optional<PayhooksProperties.Endpoint> properties = registry.endpointProperties(endpoint);
        if (receiver.isEmpty() || properties.isEmpty()) {
            return null;
        }
        return filters.computeIfAbsent(endpoint, name -> WebhookFilter.builder(receiver.get())
                .readTimeout(properties.get().getReadTimeout()).build());
    }

    @Override
    public String toString() {
        return "EndpointDispatchFilter" + endpointsByPath.keySet();
    }
}
