package dev.payhooks.omise.internal;

import dev.payhooks.RejectionReason;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.spi.ActiveKeys;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies {@code Omise-Signature} and {@code Omise-Signature-Timestamp}: HMAC-SHA256 over
 * {@code <timestamp>.<raw body>}, keyed with the base64-decoded webhook secret, hex encoded; during
 * a secret rotation (24 hours) the signature header carries two comma-separated signatures, and a
 * delivery is authentic when any of them matches any active secret. Immutable and thread-safe.
 *
 * <p>Rules, each with its {@link RejectionReason}:
 * <ul>
 *   <li>either header absent: {@code MISSING_SIGNATURE_HEADER} / {@code MISSING_TIMESTAMP};
 *       present more than once: {@code MALFORMED_SIGNATURE_HEADER} / {@code MALFORMED_TIMESTAMP};
 *       longer than {@value SignatureHeaders#MAX_HEADER_LENGTH} characters or more than
 *       {@value SignatureHeaders#MAX_SIGNATURE_ENTRIES} signatures: {@code SIGNATURE_HEADER_TOO_LARGE};</li>
 *   <li>timestamp not a plain run of ASCII digits (no sign, no leading zero, at most
 *       {@value Timestamps#MAX_DIGITS} digits): {@code MALFORMED_TIMESTAMP};</li>
 *   <li>signature header blank, with an empty entry, or with no hexadecimal entry at all:
 *       {@code MALFORMED_SIGNATURE_HEADER}; hexadecimal entries but none of the 64 digits an
 *       HMAC-SHA256 has: {@code NO_SUPPORTED_SIGNATURE}. Entries that are not 64 hex digits are
 *       ignored when another entry is a usable candidate;</li>
 *   <li>no candidate matches any active secret: {@code NO_MATCHING_SIGNATURE};</li>
 *   <li>then, for authentic deliveries only, the timestamp against the {@link Tolerance} (default
 *       300 s both ways; Omise publishes none): {@code TIMESTAMP_TOO_OLD} / {@code TIMESTAMP_IN_FUTURE}.
 *       Checking it after the signature means those two reasons always describe a real Omise
 *       delivery that arrived late or a wrong server clock, never noise.</li>
 * </ul>
 *
 * <p>The scheme is the one of Omise's webhook documentation
 * (<a href="https://docs.omise.co/api-webhooks">https://docs.omise.co/api-webhooks</a>, signature
 * verification): HMAC-SHA256 over {@code <Omise-Signature-Timestamp>.<raw body>}, keyed with the
 * base64-decoded webhook secret. Some published Omise webhook examples instead read
 * {@code X-Omise-Signature} and sign the body alone; such a signature is rejected, since a body-only
 * MAC gives no replay protection.
 *
 * @param keys the endpoint's keys
 * @param tolerance the timestamp window; enabled
 */
public record OmiseVerifier(SigningKeys<HmacKey> keys, Tolerance tolerance) implements SignatureVerifier {

    /** Length of a hex HMAC-SHA256. */
    private static final int HEX_SHA256_LENGTH = 64;

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        Objects.requireNonNull(now, "now");
        // Headers first: malformed requests are turned away before a tenant lookup touches a store.
        String signatureHeader = SignatureHeaders.single(Objects.requireNonNull(request, "request"), OmiseWebhooks.SIGNATURE_HEADER,
                RejectionReason.MISSING_SIGNATURE_HEADER, RejectionReason.MALFORMED_SIGNATURE_HEADER);
        String timestampHeader = SignatureHeaders.single(request, OmiseWebhooks.TIMESTAMP_HEADER,
                RejectionReason.MISSING_TIMESTAMP, RejectionReason.MALFORMED_TIMESTAMP);
        long timestamp = Timestamps.parseUnixSeconds(timestampHeader);
        List<byte[]> candidates = candidates(signatureHeader);

        ActiveKeys<HmacKey> active = keys.activeAt(request, now);
        // The signed content is "<timestamp>.<raw body>" (https://docs.omise.co/api-webhooks);
        // the timestamp is the header's own text, which Timestamps has proven to be canonical digits.
        byte[] prefix = (timestampHeader + ".").getBytes(StandardCharsets.US_ASCII);
        if (HmacKey.indexOfMatchingKey(active.keys(), prefix, request, candidates) < 0) {
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE,
                    "no signature in " + OmiseWebhooks.SIGNATURE_HEADER + " (" + candidates.size() + " candidate(s)) matches"
                            + " any of the " + active.keys().size() + " active secret(s); check the webhook secret, and that"
                            + " nothing re-encodes the body before verification");
        }
        tolerance.check(timestamp, now);
        return active.verified();
    }

    /**
     * Splits the header into decoded candidates. Omise separates signatures with commas (two of them
     * while a secret is being rotated); spaces or tabs around an entry are tolerated.
     */
    private static List<byte[]> candidates(String header) {
        if (header.isBlank()) {
            throw malformed("is empty");
        }
        String[] entries = header.split(",", -1);
        SignatureHeaders.checkEntryCount(OmiseWebhooks.SIGNATURE_HEADER, entries.length);
        List<byte[]> candidates = new ArrayList<>(entries.length);
        boolean sawHex = false;
        for (String raw : entries) {
            String entry = stripOptionalWhitespace(raw);
            if (entry.isEmpty()) {
                throw malformed("has an empty entry (two commas in a row, or a comma at an end)");
            }
            Optional<byte[]> decoded = SignatureEncoding.HEX.decode(entry);
            if (decoded.isPresent()) {
                sawHex = true;
                if (entry.length() == HEX_SHA256_LENGTH) {
                    candidates.add(decoded.get());
                }
            }
        }
        if (candidates.isEmpty()) {
            if (sawHex) {
                throw new WebhookVerificationException(RejectionReason.NO_SUPPORTED_SIGNATURE,
                        "the " + OmiseWebhooks.SIGNATURE_HEADER + " header has no entry of " + HEX_SHA256_LENGTH
                                + " hex digits (an HMAC-SHA256); is another algorithm in use?");
            }
            throw malformed("has no hexadecimal signature");
        }
        return candidates;
    }

    private static String stripOptionalWhitespace(String entry) {
        int start = 0;
        int end = entry.length();
        while (start < end && isOptionalWhitespace(entry.charAt(start))) {
            start++;
        }
        while (end > start && isOptionalWhitespace(entry.charAt(end - 1))) {
            end--;
        }
        return entry.substring(start, end);
    }

    private static boolean isOptionalWhitespace(char c) {
        // HTTP's OWS is space and horizontal tab only; String.strip() would also eat Unicode spaces.
        return c == ' ' || c == '\t';
    }

    private static WebhookVerificationException malformed(String why) {
        return new WebhookVerificationException(RejectionReason.MALFORMED_SIGNATURE_HEADER,
                "the " + OmiseWebhooks.SIGNATURE_HEADER + " header " + why
                        + "; expected one or more comma-separated hex HMAC-SHA256 signatures");
    }

}
