package dev.payhooks;

import dev.payhooks.internal.CoreAccess;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP delivery as it arrived: the raw body bytes, the headers, the query parameters and the
 * path. Immutable and thread-safe.
 *
 * <p>The body is copied in and never decoded before verification: signatures are computed over
 * these exact bytes. Header names are matched case-insensitively (HTTP says they are); query
 * parameter names are matched exactly. Every name may carry several values.
 *
 * <pre>{@code
 * WebhookRequest request = WebhookRequest.builder()
 *         .body(rawBytes)
 *         .header("Stripe-Signature", signatureHeader)
 *         .queryParameter("merchant", "m_42")
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WebhookRequest {

    static {
        // Lets core's toolkit feed the body to a MAC or a parser without a defensive copy.
        CoreAccess.install(new CoreAccess.RequestAccess() {
            @Override
            public byte[] body(WebhookRequest request) {
                return request.body;
            }

            @Override
            public Builder builderOwning(byte[] body) {
                return builder().ownedBody(body);
            }
        });
    }

    private final byte[] body;
    // Headers as the adapter added them: names as given, values in arrival order. A delivery has
    // about ten; a lookup scans them comparing names case-insensitively in place, which costs less
    // than lowercasing every name into a map per request (the adapters' per-call work).
    private final String[] headerNames;
    private final String[] headerValues;
    private final int headerCount;
    private final boolean asciiHeaderNames;
    private final Map<String, List<String>> queryParameters;
    private final String path;
    private volatile Set<String> lowerCaseHeaderNames;

    private WebhookRequest(Builder builder) {
        this.body = builder.body;
        this.headerNames = builder.headerNames;
        this.headerValues = builder.headerValues;
        this.headerCount = builder.headerCount;
        this.asciiHeaderNames = builder.asciiHeaderNames;
        this.queryParameters = builder.queryParameters == null ? Map.of() : freeze(builder.queryParameters);
        this.path = builder.path;
    }

    /**
     * A request from a body and header and query-parameter maps, as most HTTP stacks expose them.
     *
     * @param body the raw body; copied
     * @param headers header names to values; names are matched case-insensitively
     * @param queryParameters query parameter names to values; may be empty
     * @return the request
     */
    public static WebhookRequest of(byte[] body,
                                    Map<String, ? extends Collection<String>> headers,
                                    Map<String, ? extends Collection<String>> queryParameters) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(queryParameters, "queryParameters");
        Builder builder = builder().body(body);
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        queryParameters.forEach((name, values) -> values.forEach(value -> builder.queryParameter(name, value)));
        return builder.build();
    }

    /**
     * A builder for a request.
     *
     * @return a new builder with an empty body
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy of the raw body.
     *
     * @return the body bytes exactly as received
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * A read-only view of the raw body, without copying it.
     *
     * @return a read-only buffer positioned at the start of the body
     */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /**
     * The body length in bytes.
     *
     * @return the number of body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * All values of a header, in arrival order.
     *
     * @param name the header name, in any case
     * @return the values; empty when the header is absent
     */
    public List<String> headers(String name) {
        Objects.requireNonNull(name, "header name");
        boolean ascii = asciiHeaderNames && isAscii(name);
        String first = null;
        int matches = 0;
        for (int i = 0; i < headerCount; i++) {
            if (sameName(headerNames[i], name, ascii)) {
                if (matches++ == 0) {
                    first = headerValues[i];
                }
            }
        }
        if (matches <= 1) {
            return matches == 0 ? List.of() : List.of(first);
        }
        String[] values = new String[matches];
        for (int i = 0, found = 0; found < matches; i++) {
            if (sameName(headerNames[i], name, ascii)) {
                values[found++] = headerValues[i];
            }
        }
        return List.of(values);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return the first value, or empty when the header is absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The names of the headers present, lower-cased.
     *
     * @return an unmodifiable set of header names
     */
    public Set<String> headerNames() {
        Set<String> names = lowerCaseHeaderNames;
        if (names == null) {
            Set<String> lower = new LinkedHashSet<>();
            for (int i = 0; i < headerCount; i++) {
                lower.add(normalize(headerNames[i]));
            }
            names = Collections.unmodifiableSet(lower);
            lowerCaseHeaderNames = names;
        }
        return names;
    }

    /**
     * All values of a query parameter, in arrival order.
     *
     * @param name the exact parameter name
     * @return the values; empty when the parameter is absent
     */
    public List<String> queryParameters(String name) {
        return queryParameters.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the exact parameter name
     * @return the first value, or empty when the parameter is absent
     */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The names of the query parameters present.
     *
     * @return an unmodifiable set of parameter names
     */
    public Set<String> queryParameterNames() {
        return queryParameters.keySet();
    }

    /**
     * The request path, when the adapter supplied one (for example {@code /webhooks/stripe/m_42}).
     *
     * @return the path, or empty
     */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** Names and sizes only: header values may be signatures and the body may be personal data. */
    @Override
    public String toString() {
        return "WebhookRequest[body=" + body.length + " bytes, headers=" + headerNames()
                + ", queryParameters=" + queryParameters.keySet() + (path == null ? "" : ", path=" + path) + "]";
    }

    private static String normalize(String headerName) {
        return Objects.requireNonNull(headerName, "header name").toLowerCase(Locale.ROOT);
    }

    /**
     * Whether two header names are equal once lower-cased with {@link Locale#ROOT}, as
     * {@link #normalize(String)} would make them, without creating the lower-case strings when
     * both are ASCII (HTTP field names are ASCII tokens, RFC 9110 section 5.1). A non-ASCII name
     * takes the exact comparison of the lower-cased strings, so the rule is the same for every name.
     */
    private static boolean sameName(String stored, String wanted, boolean ascii) {
        if (!ascii) {
            return normalize(stored).equals(normalize(wanted));
        }
        int length = stored.length();
        if (length != wanted.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char a = stored.charAt(i);
            char b = wanted.charAt(i);
            // Equal, or the same ASCII letter in the other case (they differ in bit 0x20 only).
            if (a != b && ((a | 0x20) != (b | 0x20) || !isAsciiLetter(a))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'z';
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Builds a {@link WebhookRequest}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private static final byte[] EMPTY = new byte[0];

        private static final int FIRST_HEADERS = 12;

        private byte[] body = EMPTY;
        private String[] headerNames = new String[FIRST_HEADERS];
        private String[] headerValues = new String[FIRST_HEADERS];
        private int headerCount;
        private boolean asciiHeaderNames = true;
        // Set when build() hands the header arrays to a request: the next header() copies them.
        private boolean headersShared;
        private Map<String, List<String>> queryParameters;
        private String path;

        private Builder() {
        }

        /**
         * The raw body.
         *
         * @param body the bytes exactly as received; copied
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /** For {@link BodyBuffer} and core's inbox: takes an array nobody else holds, without a copy. */
        Builder ownedBody(byte[] body) {
            this.body = body;
            return this;
        }

        /**
         * Adds a header value (a header may have several). Adapters pass the value as their HTTP
         * stack decoded it, one ISO-8859-1 character per byte received (Jetty, Tomcat and the
         * JDK's HTTP server do): verifiers that sign a header turn those characters
         * back into the bytes the sender signed.
         *
         * @param name the header name, in any case
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            if (headersShared || headerCount == headerNames.length) {
                int capacity = headerCount == headerNames.length ? 2 * headerCount : headerNames.length;
                headerNames = Arrays.copyOf(headerNames, capacity);
                headerValues = Arrays.copyOf(headerValues, capacity);
                headersShared = false;
            }
            headerNames[headerCount] = name;
            headerValues[headerCount] = value;
            headerCount++;
            asciiHeaderNames &= isAscii(name);
            return this;
        }

        /**
         * Adds a query parameter value (a parameter may have several).
         *
         * @param name the exact parameter name
         * @param value the value
         * @return this builder
         */
        public Builder queryParameter(String name, String value) {
            Objects.requireNonNull(name, "query parameter name");
            Objects.requireNonNull(value, "query parameter value");
            if (queryParameters == null) {
                queryParameters = new LinkedHashMap<>();
            }
            queryParameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /**
         * The request path.
         *
         * @param path the path, or {@code null} for none
         * @return this builder
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * The request.
         *
         * @return an immutable request
         */
        public WebhookRequest build() {
            headersShared = true;
            return new WebhookRequest(this);
        }
    }
}
