package dev.payhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where in a request the tenant (merchant, gateway profile, ...) is named, for endpoints that
 * serve several tenants each with their own secret. A payment platform that gives each merchant and
 * gateway profile its own webhook URL, for example, puts both ids in the query string:
 *
 * <pre>{@code
 * TenantKey key = TenantKey.queryParameters("merchant", "profile");   // tenant "m_42/gp_7"
 * TenantKey byHeader = TenantKey.header("X-Tenant");
 * TenantKey byPath = TenantKey.pathSegment(2);                        // /webhooks/stripe/{tenant}
 * }</pre>
 *
 * <p>The tenant named by the request is not trusted: it only selects which secrets to try. A
 * delivery signed with another tenant's secret does not verify.
 *
 * @since 0.1.0
 */
public final class TenantKey {

    /** Tenant names longer than this are not looked up (they are not real ids). */
    public static final int MAX_TENANT_LENGTH = 200;

    private final String description;
    private final Function<WebhookRequest, Optional<String>> extractor;

    private TenantKey(String description, Function<WebhookRequest, Optional<String>> extractor) {
        this.description = description;
        this.extractor = extractor;
    }

    /**
     * The tenant is the value of a query parameter.
     *
     * @param name the parameter name
     * @return the key
     */
    public static TenantKey queryParameter(String name) {
        return queryParameters(name);
    }

    /**
     * The tenant is the values of several query parameters joined with {@code /}, in the order
     * given; every parameter must be present exactly once.
     *
     * @param names the parameter names
     * @return the key
     */
    public static TenantKey queryParameters(String... names) {
        List<String> list = List.of(names);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("name at least one query parameter");
        }
        return new TenantKey("query parameters " + list, request -> {
            List<String> parts = new ArrayList<>(list.size());
            for (String name : list) {
                List<String> values = request.queryParameters(name);
                if (values.size() != 1 || values.get(0).isEmpty()) {
                    return Optional.empty();
                }
                parts.add(values.get(0));
            }
            return Optional.of(String.join("/", parts));
        });
    }

    /**
     * The tenant is the value of a header (present exactly once).
     *
     * @param name the header name
     * @return the key
     */
    public static TenantKey header(String name) {
        Objects.requireNonNull(name, "name");
        return new TenantKey("header " + name, request -> {
            List<String> values = request.headers(name);
            return values.size() == 1 && !values.get(0).isEmpty() ? Optional.of(values.get(0)) : Optional.empty();
        });
    }

    /**
     * The tenant is one segment of the request path, counted from 0 after the leading slash:
     * in {@code /webhooks/stripe/m_42}, segment 2 is {@code m_42}.
     *
     * @param index the zero-based segment index
     * @return the key
     */
    public static TenantKey pathSegment(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("path segment index must be 0 or more, was " + index);
        }
        return new TenantKey("path segment " + index, request -> request.path().flatMap(path -> {
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            String[] segments = trimmed.split("/", -1);
            return index < segments.length && !segments[index].isEmpty()
                    ? Optional.of(segments[index]) : Optional.empty();
        }));
    }

    /**
     * The tenant this request names.
     *
     * @param request the request
     * @return the tenant, or empty when the request names none (or an implausibly long one)
     */
    public Optional<String> tenantOf(WebhookRequest request) {
        return extractor.apply(request).filter(tenant -> tenant.length() <= MAX_TENANT_LENGTH);
    }

    @Override
    public String toString() {
        return "TenantKey[" + description + "]";
    }
}
