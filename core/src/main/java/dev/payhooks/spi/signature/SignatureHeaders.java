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
