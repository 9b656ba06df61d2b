package dev.payhooks.spi.signature;

import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;

/**
 * Strict parsing of signed Unix-seconds timestamps.
 *
 * <p>{@link Long#parseLong(String)} accepts a leading {@code +} or {@code -}, any number of
 * leading zeros and non-ASCII digits (Arabic-Indic, fullwidth, ...). Each of those lets two
 * different strings mean the same instant, or an attacker probe the parser, so only
 * {@code 0} or a run of 1 to {@value #MAX_DIGITS} ASCII digits without a leading zero is accepted.
 *
 * @since 0.1.0
 */
public final class Timestamps {

    /** The most digits accepted (year 2286 has 10; 12 leaves room and cannot overflow a long). */
    public static final int MAX_DIGITS = 12;

    private Timestamps() {
    }

    /**
     * Parses a timestamp.
     *
     * @param text the header value or field
     * @return the Unix seconds
     * @throws WebhookVerificationException {@link RejectionReason#MISSING_TIMESTAMP} for
     *         {@code null}, {@link RejectionReason#MALFORMED_TIMESTAMP} for anything but plain digits
     */
    public static long parseUnixSeconds(CharSequence text) {
        if (text == null) {
            throw new WebhookVerificationException(RejectionReason.MISSING_TIMESTAMP, "the signed timestamp is missing");
        }
        int length = text.length();
        if (length == 0 || length > MAX_DIGITS) {
            throw malformed("it has " + length + " characters; expected 1 to " + MAX_DIGITS + " ASCII digits");
        }
        if (length > 1 && text.charAt(0) == '0') {
            throw malformed("it has a leading zero");
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("it contains a character that is not an ASCII digit at position " + i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static WebhookVerificationException malformed(String why) {
        return new WebhookVerificationException(RejectionReason.MALFORMED_TIMESTAMP,
                "the signed timestamp is not Unix seconds: " + why);
    }
}
