package dev.payhooks.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The set of request content types an endpoint accepts, for every HTTP adapter. Matching looks at the type and subtype
 * only: parameters such as {@code charset} are ignored, because the signature covers the bytes and
 * the charset does not change them. Immutable.
 */
public final class MediaTypes {

    /** {@code application/json} and any {@code application/...+json} type, with any parameters. */
    public static final MediaTypes JSON = of(List.of("application/json", "application/*+json"));

    /** Everything, including a request without a {@code Content-Type}. */
    public static final MediaTypes ANY = of(List.of("*/*"));

    private final List<Range> ranges;
    private final boolean any;

    private MediaTypes(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
        this.any = ranges.stream().anyMatch(range -> range.type.equals("*"));
    }

    /**
     * Parses a configuration.
     *
     * @param patterns each {@code type/subtype}, {@code type/*}, {@code type/*+suffix} or {@code *}{@code /*}
     * @return the set
     * @throws IllegalArgumentException for an empty list or a pattern of another form
     */
    public static MediaTypes of(List<String> patterns) {
        Objects.requireNonNull(patterns, "contentTypes");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("name at least one content type, for example \"application/json\";"
                    + " use acceptAnyContentType() to accept every type");
        }
        return new MediaTypes(patterns.stream().map(MediaTypes::range).toList());
    }

    /**
     * Whether a request's {@code Content-Type} is accepted.
     *
     * @param contentType the header value, or {@code null} when absent
     * @return whether it is accepted
     */
    public boolean accepts(String contentType) {
        if (any) {
            return true;
        }
        Optional<String[]> parsed = typeAndSubtype(contentType);
        if (parsed.isEmpty()) {
            return false;
        }
        String type = parsed.get()[0];
        String subtype = parsed.get()[1];
        for (Range range : ranges) {
            if (range.matches(type, subtype)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every type is accepted.
     *
     * @return {@code true} for {@code *}{@code /*}
     */
    public boolean acceptsAny() {
        return any;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    private static Range range(String pattern) {
        Objects.requireNonNull(pattern, "content type");
        String trimmed = pattern.trim().toLowerCase(Locale.ROOT);
        String hint = "; give a media type without parameters, such as \"application/json\", \"application/*+json\","
                + " \"text/*\" or \"*/*\" (parameters such as charset are always accepted)";
        if (trimmed.equals("*/*")) {
            return new Range("*", "*", null);
        }
        int slash = trimmed.indexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1 || trimmed.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("'" + pattern + "' is not a media type" + hint);
        }
        String type = trimmed.substring(0, slash);
        String subtype = trimmed.substring(slash + 1);
        if (!isToken(type) || type.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + pattern + "' has an unusable type" + hint);
        }
        if (subtype.equals("*")) {
            return new Range(type, "*", null);
        }
        if (subtype.startsWith("*+") && subtype.length() > 2 && isToken(subtype.substring(2))) {
            return new Range(type, "*", subtype.substring(1));
        }
        if (!isToken(subtype) || subtype.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + pattern + "' has an unusable subtype" + hint);
        }
        return new Range(type, subtype, null);
    }

    private static Optional<String[]> typeAndSubtype(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1) {
            return Optional.empty();
        }
        String type = essence.substring(0, slash);
        String subtype = essence.substring(slash + 1);
        if (!isToken(type) || !isToken(subtype)) {
            return Optional.empty();
        }
        return Optional.of(new String[] {type, subtype});
    }

    /** RFC 9110 section 5.6.2 token characters. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** One accepted range; {@code suffix} (with its {@code +}) is set for {@code type/*+suffix}. */
    private record Range(String type, String subtype, String suffix) {
        boolean matches(String requestType, String requestSubtype) {
            if (!type.equals(requestType)) {
                return false;
            }
            if (suffix != null) {
                return requestSubtype.length() > suffix.length() && requestSubtype.endsWith(suffix);
            }
            return subtype.equals("*") || subtype.equals(requestSubtype);
        }

        @Override
        public String toString() {
            return type + "/" + (suffix != null ? "*" + suffix : subtype);
        }
    }
}
