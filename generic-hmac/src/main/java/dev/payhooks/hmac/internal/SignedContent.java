package dev.payhooks.hmac.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed signed-content template such as {@code {id}.{timestamp}.{body}}. The body must come
 * last, exactly once: the MAC is then computed over the rendered prefix and the raw body bytes
 * without ever copying the body into a {@code String}, whose charset round trip could change the
 * bytes that were signed. Immutable.
 */
public final class SignedContent {

    /** Placeholder for the message id. */
    public static final String ID = "{id}";
    /** Placeholder for the timestamp, exactly as the request carries it. */
    public static final String TIMESTAMP = "{timestamp}";
    /** Placeholder for the raw body; must end the template. */
    public static final String BODY = "{body}";

    private final String template;
    private final List<String> parts;
    private final boolean usesId;
    private final boolean usesTimestamp;

    private SignedContent(String template, List<String> parts) {
        this.template = template;
        this.parts = List.copyOf(parts);
        this.usesId = parts.contains(ID);
        this.usesTimestamp = parts.contains(TIMESTAMP);
    }

    /**
     * Parses a template.
     *
     * @param template for example {@code v0:{timestamp}:{body}}
     * @return the parsed template
     * @throws IllegalArgumentException when the body is not last, a placeholder is unknown or repeated
     */
    public static SignedContent parse(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.endsWith(BODY)) {
            throw new IllegalArgumentException("the signed-content template '" + template + "' must end with " + BODY
                    + " (the raw body is always signed last), e.g. \"{timestamp}.{body}\"");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                String placeholder = placeholderAt(template, i);
                if (parts.contains(placeholder)) {
                    throw new IllegalArgumentException("the signed-content template '" + template + "' uses " + placeholder
                            + " twice; each placeholder may appear once");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(placeholder);
                i += placeholder.length();
            } else if (c == '}') {
                throw new IllegalArgumentException("the signed-content template '" + template
                        + "' has a '}' outside a placeholder; placeholders are {id}, {timestamp} and {body}");
            } else {
                literal.append(c);
                i++;
            }
        }
        return new SignedContent(template, parts);
    }

    private static String placeholderAt(String template, int index) {
        for (String placeholder : List.of(ID, TIMESTAMP, BODY)) {
            if (template.startsWith(placeholder, index)) {
                return placeholder;
            }
        }
        throw new IllegalArgumentException("the signed-content template '" + template + "' has an unknown placeholder at "
                + index + "; use {id}, {timestamp} and {body}");
    }

    /**
     * The bytes signed before the body. The id and the timestamp are header values: each of their
     * characters is the byte that was on the wire (HTTP stacks decode header bytes as ISO-8859-1),
     * so each becomes that byte again, never its UTF-8 encoding (see
     * {@code SignatureHeaders.bytesAsReceived}). The template's literal text is UTF-8.
     *
     * @param id the message id, or {@code null} when the template does not use it
     * @param timestamp the timestamp text, or {@code null} when the template does not use it
     * @return the prefix bytes
     * @throws IllegalArgumentException when the id or timestamp has a character above U+00FF,
     *         which no header can carry
     */
    public byte[] prefix(String id, String timestamp) {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(64);
        for (String part : parts) {
            if (part.equals(ID)) {
                prefix.writeBytes(headerBytes(id, "message id"));
            } else if (part.equals(TIMESTAMP)) {
                prefix.writeBytes(headerBytes(timestamp, "timestamp"));
            } else if (!part.equals(BODY)) {
                prefix.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        return prefix.toByteArray();
    }

    private static byte[] headerBytes(String value, String what) {
        Objects.requireNonNull(value, what);
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("the " + what + " has a character above U+00FF at index " + i
                        + "; a header value is bytes, one character per byte (ISO-8859-1)");
            }
        }
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the template signs the message id.
     *
     * @return whether {@code {id}} appears
     */
    public boolean usesId() {
        return usesId;
    }

    /**
     * Whether the template signs the timestamp.
     *
     * @return whether {@code {timestamp}} appears
     */
    public boolean usesTimestamp() {
        return usesTimestamp;
    }

    /**
     * The template text.
     *
     * @return the template
     */
    public String template() {
        return template;
    }

    @Override
    public String toString() {
        return template;
    }
}
