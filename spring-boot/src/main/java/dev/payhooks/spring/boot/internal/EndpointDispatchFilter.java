package dev.payhooks.spring.boot.internal;

import dev.payhooks.servlet.WebhookFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The one servlet filter the starter registers, mapped to the endpoint paths only: hands each
 * request to its endpoint's {@link WebhookFilter}. It exists before the endpoints are built (the
 * web server creates its filters first); a request that arrives before then is answered 503 with
 * {@code Retry-After}, never 2xx.
 */
public final class EndpointDispatchFilter implements Filter {

    private final Map<String, String> endpointsByPath;
    private final EndpointAdapters<WebhookFilter> filters;

    /**
     * Creates the filter.
     *
     * @param endpointsByPath path within the application to endpoint name
     * @param registry where the endpoints' filters are, once built
     */
    public EndpointDispatchFilter(Map<String, String> endpointsByPath, EndpointRegistry registry) {
        this.endpointsByPath = Map.copyOf(endpointsByPath);
        this.filters = new EndpointAdapters<>(registry);
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
        return filters.get(endpoint, (receiver, properties) -> WebhookFilter.builder(receiver)
                .readTimeout(properties.getReadTimeout()).build());
    }

    @Override
    public String toString() {
        return "EndpointDispatchFilter" + endpointsByPath.keySet();
    }
}
