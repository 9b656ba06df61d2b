package dev.payhooks.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the raw query string, for every HTTP adapter. Adapters never ask their stack for "the
 * parameters" ({@code ServletRequest.getParameter}, JAX-RS form parameters, WebFlux form data):
 * for a form content type those read and consume the body, which must reach the signature check
 * untouched.
 */
public final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * Splits and decodes a raw query string ({@code application/x-www-form-urlencoded} rules, UTF-8).
     * A name or value whose percent-escapes are malformed is kept as it was sent rather than
     * failing the delivery: it only matters if a {@code TenantKey} reads it, and then it simply
     * names no known tenant.
     *
     * @param raw the query string as sent, or {@code null}
     * @return names to values in arrival order
     */
    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
