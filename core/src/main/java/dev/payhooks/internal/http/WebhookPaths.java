package dev.payhooks.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The paths an adapter answers, for stacks whose filters see every request (Jakarta REST
 * pre-matching filters, WebFlux web filters): each is an exact path ({@code /webhooks/stripe}) or
 * a path and everything below it ({@code /webhooks/stripe/*}, for a tenant in the path). Paths
 * are compared as decoded, relative to the application, without a trailing slash. Immutable.
 */
public final class WebhookPaths {

    private final List<String> exact;
    private final List<String> prefixes;
    private final List<String> patterns;

    private WebhookPaths(List<String> exact, List<String> prefixes, List<String> patterns) {
        this.exact = List.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Parses a configuration.
     *
     * @param patterns each {@code /a/b} (that path only) or {@code /a/b/*} (that path and below)
     * @return the set
     * @throws IllegalArgumentException for an empty list or a pattern of another form
     */
    public static WebhookPaths of(List<String> patterns) {
        Objects.requireNonNull(patterns, "paths");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("name at least one webhook path, for example \"/webhooks/stripe\"");
        }
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String pattern : patterns) {
            Objects.requireNonNull(pattern, "path");
            String hint = "; give a path such as \"/webhooks/stripe\", or \"/webhooks/stripe/*\" for that path and"
                    + " everything below it";
            if (!pattern.startsWith("/") || pattern.contains("?") || pattern.contains("#") || pattern.contains("//")) {
                throw new IllegalArgumentException("'" + pattern + "' is not a usable webhook path" + hint);
            }
            boolean below = pattern.endsWith("/*");
            String path = normalise(below ? pattern.substring(0, pattern.length() - 2) : pattern);
            if (path.contains("*")) {
                throw new IllegalArgumentException("'" + pattern + "' has a '*' that is not its last segment" + hint);
            }
            (below ? prefixes : exact).add(path);
        }
        return new WebhookPaths(exact, prefixes, patterns);
    }

    /**
     * Whether a request path is one of these.
     *
     * @param path the decoded path relative to the application, with or without its leading slash
     * @return whether the adapter answers it
     */
    public boolean matches(String path) {
        String candidate = normalise(path.startsWith("/") ? path : "/" + path);
        if (exact.contains(candidate)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (candidate.equals(prefix) || prefix.equals("/") || candidate.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Drops one trailing slash (but keeps "/"). */
    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
