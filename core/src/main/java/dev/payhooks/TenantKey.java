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
     * given; every parameter must be present exactly once and not be empty.
     *
     * <p>The joined key is unambiguous: before joining, each value has {@code %} replaced by
     * {@code %25} and {@code /} by {@code %2F} (the percent-encoding of RFC 3986 section 2.1), so
     * merchant {@code a/b} with profile {@code c} is the tenant {@code a%2Fb/c} and merchant
     * {@code a} with profile {@code b/c} is {@code a/b%2Fc}: two tenants, two sets of secrets,
     * two deduplication scopes. Values without {@code /} or {@code %} are joined as they are
     * ({@code m_42/gp_7}). With a single name the tenant is the value itself, unchanged. Key
     * your own table of secrets with {@link #joined(String...)}, which builds the same text.
     *
     * @param names the parameter names
     * @return the key
     */
    public static TenantKey queryParameters(String... names) {
        List<String> list = List.of(names);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("name at least one query parameter");
        }
        if (list.size() == 1) {
            String name = list.get(0);
            return new TenantKey("query parameter " + name, request -> {
                List<String> values = request.queryParameters(name);
                return values.size() == 1 && !values.get(0).isEmpty() ? Optional.of(values.get(0)) : Optional.empty();
            });
        }
        return new TenantKey("query parameters " + list, request -> {
            List<String> parts = new ArrayList<>(list.size());
            for (String name : list) {
                List<String> values = request.queryParameters(name);
                if (values.size() != 1 || values.get(0).isEmpty()) {
                    return Optional.empty();
                }
                parts.add(escapePart(values.get(0)));
            }
            return Optional.of(String.join("/", parts));
        });
    }

    /**
     * The tenant {@link #queryParameters(String...)} extracts from these values, for keying the
     * application's own table of secrets: {@code joined("m_42", "gp_7")} is {@code "m_42/gp_7"},
     * {@code joined("a/b", "c")} is {@code "a%2Fb/c"}.
     *
     * @param values the parameter values, in the order the names were given; not empty
     * @return the tenant
     */
    public static String joined(String... values) {
        List<String> list = List.of(values);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("give at least one value");
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        List<String> parts = new ArrayList<>(list.size());
        for (String value : list) {
            parts.add(escapePart(value));
        }
        return String.join("/", parts);
    }

    /** Percent-encodes the escape character and the separator, so that joining stays reversible. */
    private static String escapePart(String value) {
        if (value.indexOf('/') < 0 && value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace("/", "%2F");
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
