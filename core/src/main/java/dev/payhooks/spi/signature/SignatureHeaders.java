package dev.payhooks.spi.signature;

import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;

import java.util.List;

/**
 * Reading signature-related headers with the limits every verifier shares.
 *
 * @since 0.1.0
 */
public final class SignatureHeaders {

    /** Longest signature header accepted: real ones are a few hundred characters. */
    public static final int MAX_HEADER_LENGTH = 4096;

    /** Most signature entries accepted in one header: real ones carry one to three. */
    public static final int MAX_SIGNATURE_ENTRIES = 16;

    private SignatureHeaders() {
    }

    /**
     * The single value of a required header.
     *
     * @param request the request
     * @param name the header name
     * @param missing the reason when the header is absent (for example {@link RejectionReason#MISSING_SIGNATURE_HEADER})
     * @param malformed the reason when it appears more than once
     * @return the value
     * @throws WebhookVerificationException when absent, repeated, or longer than {@value #MAX_HEADER_LENGTH}
     */
    public static String single(WebhookRequest request, String name, RejectionReason missing, RejectionReason malformed) {
        List<String> values = request.headers(name);
        if (values.isEmpty()) {
            throw new WebhookVerificationException(missing, "the " + name + " header is missing; is this request from the"
                    + " provider, and does a proxy strip the header?");
        }
        if (values.size() > 1) {
            throw new WebhookVerificationException(malformed, "the " + name + " header appears " + values.size()
                    + " times; exactly one is expected");
        }
        String value = values.get(0);
        if (value.length() > MAX_HEADER_LENGTH) {
            throw new WebhookVerificationException(RejectionReason.SIGNATURE_HEADER_TOO_LARGE, "the " + name + " header has "
                    + value.length() + " characters, over the limit of " + MAX_HEADER_LENGTH);
        }
        return value;
    }

    /**
     * The bytes a header value had on the wire, for signed content that includes a header (a
     * message id, a timestamp). HTTP stacks hand header values over as text decoded one byte per
     * character, as ISO-8859-1: Servlet containers (Tomcat, Jetty) and the JDK's HTTP server do,
     * and RFC 9110 section 5.5 treats octets above 0x7F in a field value as opaque data. Turning each character back into its byte gives exactly what the sender signed;
     * encoding the text as UTF-8 instead would MAC other bytes whenever the value is not ASCII,
     * and a valid delivery would fail (or, for a scheme that signs the header as text, two
     * different byte strings could verify as one).
     *
     * <pre>{@code
     * byte[] id = SignatureHeaders.bytesAsReceived(messageId, "webhook-id", RejectionReason.MISSING_MESSAGE_ID);
     * }</pre>
     *
     * @param value the header value as the HTTP stack decoded it
     * @param name the header name, for the message
     * @param malformed the reason when the value holds a character above U+00FF, which no HTTP
     *        stack produces (only a caller that built the request from decoded text can)
     * @return one byte per character
     * @throws WebhookVerificationException with {@code malformed} when a character is above U+00FF
     */
    public static byte[] bytesAsReceived(String value, String name, RejectionReason malformed) {
        byte[] bytes = new byte[value.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                throw new WebhookVerificationException(malformed, "the " + name + " header has a character above U+00FF at"
                        + " index " + i + "; header values are bytes, so build the request from the bytes received"
                        + " (each byte one character, ISO-8859-1), not from text decoded as UTF-8");
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /**
     * Checks the number of signature entries.
     *
     * @param name the header name, for the message
     * @param entries how many entries the header has
     * @throws WebhookVerificationException {@link RejectionReason#SIGNATURE_HEADER_TOO_LARGE} over {@value #MAX_SIGNATURE_ENTRIES}
     */
    public static void checkEntryCount(String name, int entries) {
        if (entries > MAX_SIGNATURE_ENTRIES) {
            throw new WebhookVerificationException(RejectionReason.SIGNATURE_HEADER_TOO_LARGE, "the " + name + " header has "
                    + entries + " entries, over the limit of " + MAX_SIGNATURE_ENTRIES);
        }
    }
}
