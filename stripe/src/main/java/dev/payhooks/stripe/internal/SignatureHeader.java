package dev.payhooks.stripe.internal;

import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]}.
 *
 * <p>Grammar, from Stripe's "Verify signatures manually" documentation (docs.stripe.com/webhooks,
 * section "Verify manually"): entries separated by {@code ,}, each {@code key=value}; {@code t} is the
 * timestamp; {@code v1} is the only valid live scheme; other schemes (the test-mode {@code v0}, future
 * ones) are ignored, never used as a fallback. Where Stripe's SDKs are lax we are strict, because a
 * header Stripe never sends can only come from a bug or an attacker:
 * <ul>
 *   <li>exactly one {@code t} entry (the SDKs silently take the first or the last);</li>
 *   <li>every entry has a non-empty key and an {@code =} (the SDKs skip anything else);</li>
 *   <li>the timestamp is plain ASCII digits without a sign or leading zero ({@link Timestamps}), so
 *       the signed text {@code "<t>."} is exactly the header text;</li>
 *   <li>header length and entry count are capped ({@link SignatureHeaders}).</li>
 * </ul>
 * Whitespace is not trimmed: Stripe sends none, so {@code " v1"} is an unknown scheme and
 * {@code "t= 1"} a malformed timestamp.
 *
 * @param timestamp the signed Unix seconds
 * @param timestampText the timestamp exactly as signed
 * @param candidates the decodable {@code v1} signatures
 * @param v1Entries how many {@code v1} entries the header had, decodable or not
 */
public record SignatureHeader(long timestamp, String timestampText, List<byte[]> candidates, int v1Entries) {

    /** The header name Stripe uses. */
    public static final String NAME = "Stripe-Signature";

    /** The only scheme accepted. */
    public static final String SCHEME = "v1";

    /**
     * Parses a header value. Never throws anything but {@link WebhookVerificationException}.
     *
     * @param value the header value
     * @return the parsed header
     */
    public static SignatureHeader parse(String value) {
        if (value.length() > SignatureHeaders.MAX_HEADER_LENGTH) {
            throw new WebhookVerificationException(RejectionReason.SIGNATURE_HEADER_TOO_LARGE, "the " + NAME + " header has "
                    + value.length() + " characters, over the limit of " + SignatureHeaders.MAX_HEADER_LENGTH);
        }
        if (value.isEmpty()) {
            throw malformed("it is empty");
        }
        int entries = 1;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == ',') {
                entries++;
            }
        }
        SignatureHeaders.checkEntryCount(NAME, entries);
        // Entries are read in place (no substring per key or value, no hex text copied): this runs
        // for every delivery, before the MAC.
        String timestampText = null;
        byte[] firstCandidate = null;
        List<byte[]> moreCandidates = null;
        int v1Entries = 0;
        int start = 0;
        int position = 1;
        while (start <= value.length()) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = value.length();
            }
            int equals = value.indexOf('=', start);
            if (equals < 0 || equals >= end) {
                throw malformed("entry " + position + " has no '=' (expected key=value)");
            }
            if (equals == start) {
                throw malformed("entry " + position + " has an empty key");
            }
            int keyLength = equals - start;
            if (keyLength == 1 && value.charAt(start) == 't') {
                if (timestampText != null) {
                    throw malformed("it has more than one t= entry");
                }
                timestampText = value.substring(equals + 1, end);
            } else if (keyLength == SCHEME.length() && value.startsWith(SCHEME, start)) {
                v1Entries++;
                // An undecodable candidate simply matches nothing (Stripe's SDKs compare strings).
                byte[] decoded = lowerCaseHex(value, equals + 1, end);
                if (decoded != null && firstCandidate == null) {
                    firstCandidate = decoded;
                } else if (decoded != null) {
                    if (moreCandidates == null) {
                        moreCandidates = new ArrayList<>(2);
                        moreCandidates.add(firstCandidate);
                    }
                    moreCandidates.add(decoded);
                }
            }
            start = end + 1;
            position++;
        }
        if (timestampText == null) {
            throw new WebhookVerificationException(RejectionReason.MISSING_TIMESTAMP,
                    "the " + NAME + " header has no t= entry");
        }
        long timestamp = Timestamps.parseUnixSeconds(timestampText);
        if (v1Entries == 0) {
            throw new WebhookVerificationException(RejectionReason.NO_SUPPORTED_SIGNATURE,
                    "the " + NAME + " header has no v1 signature (only other schemes such as v0, which are never accepted)");
        }
        List<byte[]> candidates = moreCandidates != null ? List.copyOf(moreCandidates)
                : firstCandidate != null ? List.of(firstCandidate) : List.of();
        return new SignatureHeader(timestamp, timestampText, candidates, v1Entries);
    }

    /**
     * Decodes {@code text[from, to)} as {@link dev.payhooks.spi.signature.SignatureEncoding#HEX} does, without copying the
     * text: lower-case digits only, an even number of them, at least one pair.
     *
     * @return the bytes, or {@code null} when the range is not such hex
     */
    static byte[] lowerCaseHex(String text, int from, int to) {
        int length = to - from;
        if (length == 0 || length % 2 != 0) {
            return null;
        }
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = hexDigit(text.charAt(from + 2 * i));
            int low = hexDigit(text.charAt(from + 2 * i + 1));
            if ((high | low) < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /**
     * The bytes signed before the body: {@code "<t>."}.
     *
     * @return ASCII bytes
     */
    public byte[] signedPrefix() {
        // The timestamp is ASCII digits (Timestamps checked it): one byte per character.
        byte[] prefix = new byte[timestampText.length() + 1];
        for (int i = 0; i < timestampText.length(); i++) {
            prefix[i] = (byte) timestampText.charAt(i);
        }
        prefix[prefix.length - 1] = '.';
        return prefix;
    }

    private static WebhookVerificationException malformed(String why) {
        return new WebhookVerificationException(RejectionReason.MALFORMED_SIGNATURE_HEADER,
                "the " + NAME + " header is malformed: " + why);
    }

    /** Never shows the signatures. */
    @Override
    public String toString() {
        return "SignatureHeader[t=" + timestampText + ", v1Entries=" + v1Entries + "]";
    }
}
