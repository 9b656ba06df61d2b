package dev.payhooks;

import dev.payhooks.internal.config.Checks;

/**
 * Limits on the JSON payload parser, so that a hostile body costs bounded memory and time. Over a
 * limit the delivery is rejected with {@link RejectionReason#JSON_LIMIT_EXCEEDED} (400), never
 * a 500.
 *
 * <p>The defaults leave real events (a few KB, nesting depth around 10) far below every limit.
 *
 * @param maxNestingDepth deepest nesting of objects and arrays (default 64)
 * @param maxDocumentLength longest document in bytes (default 1 MiB)
 * @param maxStringLength longest string value in characters (default 512 KiB)
 * @param maxNumberLength longest number literal in characters (default 64)
 * @param maxNameLength longest member name in characters (default 1,024)
 * @param maxTokenCount most tokens in one document (default 262,144)
 *
 * @since 0.1.0
 */
public record JsonLimits(int maxNestingDepth, long maxDocumentLength, int maxStringLength,
                         int maxNumberLength, int maxNameLength, long maxTokenCount) {

    private static final JsonLimits DEFAULTS = new JsonLimits(64, 1 << 20, 512 * 1024, 64, 1024, 262_144);

    /**
     * Validates.
     *
     * @param maxNestingDepth deepest nesting
     * @param maxDocumentLength longest document in bytes
     * @param maxStringLength longest string value
     * @param maxNumberLength longest number literal
     * @param maxNameLength longest member name
     * @param maxTokenCount most tokens
     */
    public JsonLimits {
        Checks.positive(maxNestingDepth, "maxNestingDepth");
        Checks.positive(maxDocumentLength, "maxDocumentLength");
        Checks.positive(maxStringLength, "maxStringLength");
        Checks.positive(maxNumberLength, "maxNumberLength");
        Checks.positive(maxNameLength, "maxNameLength");
        Checks.positive(maxTokenCount, "maxTokenCount");
    }

    /**
     * The defaults.
     *
     * @return the default limits
     */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }

}
