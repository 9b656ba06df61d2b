package dev.payhooks;

/**
 * Why a delivery was rejected before any handler ran. The code travels in exceptions, in
 * {@link WebhookResponse#reason()}, in logs (DEBUG) and to {@link WebhookListener}s; it never
 * travels in the HTTP response body, so the endpoint is no oracle for forgers.
 *
 * <p>Each constant carries the HTTP status the {@linkplain ResponsePolicy#defaults() default
 * policy} answers with.
 *
 * @since 0.1.0
 */
public enum RejectionReason {
    /** The signature header is absent (or the request has no headers at all). */
    MISSING_SIGNATURE_HEADER(400),
    /** The signature header is present but cannot be parsed, or appears more than once. */
    MALFORMED_SIGNATURE_HEADER(400),
    /** The signature header is longer, or has more entries, than any real provider sends. */
    SIGNATURE_HEADER_TOO_LARGE(400),
    /** The header carries no signature of the expected scheme (e.g. only {@code v0}). */
    NO_SUPPORTED_SIGNATURE(400),
    /** The timestamp is absent. */
    MISSING_TIMESTAMP(400),
    /** The timestamp is not a plain run of ASCII digits within range. */
    MALFORMED_TIMESTAMP(400),
    /** The timestamp is older than the tolerance allows (possible replay). */
    TIMESTAMP_TOO_OLD(401),
    /** The timestamp is further in the future than the tolerance allows. */
    TIMESTAMP_IN_FUTURE(401),
    /** No candidate signature matches any active secret. */
    NO_MATCHING_SIGNATURE(401),
    /** The endpoint's secrets have all passed their not-after instant: a configuration problem. */
    NO_ACTIVE_SECRET(401),
    /** The tenant named by the request has no secrets (unknown merchant, profile or path). */
    UNKNOWN_TENANT(404),
    /** The message id header that the scheme signs is absent or unusable. */
    MISSING_MESSAGE_ID(400),
    /**
     * The verified body is not well-formed UTF-8: an overlong form, an encoded surrogate, a code
     * point above U+10FFFF, a sequence cut short (RFC 3629 sections 3 and 4), or a UTF-16 or
     * UTF-32 body (RFC 8259 section 8.1: JSON exchanged between systems is UTF-8). Checked after
     * verification and before decoding, so a strict parser in the application never reads a
     * different id or type than payhooks routed and deduplicated on.
     */
    MALFORMED_BODY_ENCODING(400),
    /** The body is not a single well-formed JSON object. */
    MALFORMED_JSON(400),
    /** The body repeats a JSON member name (it could make two parsers see different events). */
    DUPLICATE_JSON_KEY(400),
    /** The body exceeds a JSON limit: depth, document, string, number or name length, token count. */
    JSON_LIMIT_EXCEEDED(400),
    /** The event lacks a required field (id or type). */
    MISSING_EVENT_FIELD(400),
    /** An event field has an unusable value (for example an id longer than 255 characters). */
    INVALID_EVENT_FIELD(400),
    /** An optional second check (such as fetching the event back from the provider) disagreed. */
    EVENT_NOT_CONFIRMED(401),
    /**
     * The body ended before its declared {@code Content-Length}, or its chunked encoding was
     * broken: the sender's fault, answered 400 (never 5xx). Nothing was verified.
     */
    INCOMPLETE_BODY(400),
    /**
     * The body did not arrive within the adapter's read deadline (a slow or stalled sender):
     * answered 408 and the connection closed. Nothing was verified.
     */
    BODY_READ_TIMEOUT(408),
    /** The body is larger than the configured limit. */
    BODY_TOO_LARGE(413),
    /** The HTTP method is not POST (set by HTTP adapters). */
    METHOD_NOT_ALLOWED(405),
    /** The content type is not accepted (set by HTTP adapters). */
    UNSUPPORTED_MEDIA_TYPE(415);

    private final int defaultStatus;

    RejectionReason(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    /**
     * The status the default {@link ResponsePolicy} answers with for this reason.
     *
     * @return an HTTP status code in the 4xx range
     */
    public int defaultStatus() {
        return defaultStatus;
    }
}
