package dev.payhooks.hmac.internal;

import dev.payhooks.RejectionReason;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.spi.ActiveKeys;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies requests against an {@link HmacScheme}. The timestamp is checked before any MAC is
 * computed, so a stale or far-future request costs no HMAC work. Thread-safe; lets only
 * {@link WebhookVerificationException} (and {@code WebhookUnavailableException} from the key
 * lookup) escape. Exception messages name headers and reasons, never secrets, signatures or the body.
 */
public final class HmacVerifier implements SignatureVerifier {

    /** Longest accepted message id: it is also the idempotency key, which core caps at 255. */
    public static final int MAX_MESSAGE_ID_LENGTH = 255;

    private final String provider;
    private final HmacScheme scheme;
    private final SignedContent signedContent;
    private final String separator;
    private final String timestampPrefix;
    private final String ed25519Prefix;
    private final SigningKeys<Object> keys;
    private final Tolerance tolerance;

    /**
     * @param provider the provider's name, for messages
     * @param scheme the scheme
     * @param keys HMAC keys and Ed25519 public keys
     * @param tolerance the timestamp window; disabled exactly when the scheme signs no timestamp
     */
    public HmacVerifier(String provider, HmacScheme scheme, SigningKeys<Object> keys, Tolerance tolerance) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.signedContent = SignedContent.parse(scheme.signedContent());
        this.separator = scheme.entrySeparator().orElse(null);
        this.timestampPrefix = scheme.timestampEntryPrefix().orElse(null);
        this.ed25519Prefix = scheme.ed25519SchemePrefix().orElse(null);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        String headerName = firstPresent(request, scheme.signatureHeaders());
        String header = SignatureHeaders.single(request, headerName, RejectionReason.MISSING_SIGNATURE_HEADER,
                RejectionReason.MALFORMED_SIGNATURE_HEADER);
        if (header.isBlank()) {
            throw new WebhookVerificationException(RejectionReason.MALFORMED_SIGNATURE_HEADER,
                    "the " + headerName + " header is empty");
        }
        ParsedHeader parsed = parse(headerName, header);

        String timestamp = null;
        if (scheme.signsTimestamp()) {
            if (timestampPrefix != null) {
                timestamp = parsed.timestamp;
                if (timestamp == null) {
                    throw new WebhookVerificationException(RejectionReason.MISSING_TIMESTAMP, "the " + headerName
                            + " header has no " + timestampPrefix + " entry");
                }
            } else {
                String name = firstPresent(request, scheme.timestampHeaders());
                timestamp = SignatureHeaders.single(request, name, RejectionReason.MISSING_TIMESTAMP,
                        RejectionReason.MALFORMED_TIMESTAMP);
            }
            // Strict digits first (no sign, no leading zero, no non-ASCII digits), then both directions.
            // Checked before any MAC is computed: a stale or far-future request costs no HMAC work.
            tolerance.check(Timestamps.parseUnixSeconds(timestamp), now);
        }

        String messageId = null;
        if (signedContent.usesId()) {
            messageId = messageId(request);
        }

        if (parsed.hmac.isEmpty() && parsed.ed25519.isEmpty()) {
            throw new WebhookVerificationException(RejectionReason.NO_SUPPORTED_SIGNATURE, "the " + headerName
                    + " header has no entry of the accepted scheme '" + describePrefixes() + "'");
        }

        ActiveKeys<Object> active = keys.activeAt(request, now);
        List<HmacKey> hmacKeys = new ArrayList<>(active.keys().size());
        List<PublicKey> publicKeys = new ArrayList<>(0);
        for (Object key : active.keys()) {
            if (key instanceof HmacKey hmac) {
                hmacKeys.add(hmac);
            } else if (key instanceof PublicKey ed) {
                publicKeys.add(ed);
            }
        }

        byte[] prefix = signedContent.prefix(messageId, timestamp);
        if (!parsed.hmac.isEmpty() && !hmacKeys.isEmpty()
                && HmacKey.indexOfMatchingKey(hmacKeys, prefix, request, parsed.hmac) >= 0) {
            return active.verified();
        }
        if (!parsed.ed25519.isEmpty() && !publicKeys.isEmpty()) {
            ByteBuffer body = request.bodyBuffer();
            for (PublicKey key : publicKeys) {
                for (byte[] candidate : parsed.ed25519) {
                    if (Ed25519.verify(key, prefix, body, candidate)) {
                        return active.verified();
                    }
                }
            }
        }
        throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "no signature in the " + headerName
                + " header matches any of the " + active.keys().size() + " active secret(s)"
                + active.tenant().map(t -> " of tenant '" + t + "'").orElse("")
                + "; is the secret the one for this endpoint, and is the body passed on unchanged?");
    }

    private String messageId(WebhookRequest request) {
        String name = firstPresent(request, scheme.messageIdHeaders());
        String id = SignatureHeaders.single(request, name, RejectionReason.MISSING_MESSAGE_ID, RejectionReason.MISSING_MESSAGE_ID);
        if (id.isEmpty() || id.length() > MAX_MESSAGE_ID_LENGTH) {
            throw new WebhookVerificationException(RejectionReason.MISSING_MESSAGE_ID, "the " + name + " header must have 1 to "
                    + MAX_MESSAGE_ID_LENGTH + " characters, has " + id.length());
        }
        // The id is signed as the bytes received; a character no header can carry is refused here,
        // before the signed content is built from it.
        SignatureHeaders.bytesAsReceived(id, name, RejectionReason.MISSING_MESSAGE_ID);
        return id;
    }

    private ParsedHeader parse(String headerName, String header) {
        ParsedHeader parsed = new ParsedHeader();
        List<String> entries = separator == null ? List.of(header) : split(header, separator);
        SignatureHeaders.checkEntryCount(headerName, entries.size());
        String hmacPrefix = scheme.schemePrefix();
        String edPrefix = ed25519Prefix;
        String tsPrefix = timestampPrefix;
        for (String entry : entries) {
            if (tsPrefix != null && entry.startsWith(tsPrefix)) {
                if (parsed.timestamp != null) {
                    throw new WebhookVerificationException(RejectionReason.MALFORMED_SIGNATURE_HEADER, "the " + headerName
                            + " header has more than one " + tsPrefix + " entry");
                }
                parsed.timestamp = entry.substring(tsPrefix.length());
            } else if (edPrefix != null && entry.startsWith(edPrefix)) {
                // Ed25519 entries are always base64 (Standard Webhooks); undecodable is a non-match.
                Optional<byte[]> decoded = SignatureEncoding.BASE64.decode(entry.substring(edPrefix.length()));
                if (decoded.isPresent()) {
                    parsed.ed25519.add(decoded.get());
                } else {
                    parsed.unusable = true;
                }
            } else if (entry.startsWith(hmacPrefix)) {
                Optional<byte[]> decoded = scheme.encoding().decode(entry.substring(hmacPrefix.length()));
                if (decoded.isPresent()) {
                    parsed.hmac.add(decoded.get());
                } else {
                    parsed.unusable = true;
                }
            }
            // Any other entry belongs to a scheme we do not accept (v0, v2, ...): ignored, never
            // downgraded to, so a forged entry of a weaker scheme cannot stand in for v1.
        }
        if (parsed.unusable && parsed.hmac.isEmpty() && parsed.ed25519.isEmpty()) {
            // Entries of the right scheme that do not decode are candidates matching nothing:
            // the request is unauthenticated, not malformed in a way worth a different answer.
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "no entry of the " + headerName
                    + " header is valid " + scheme.encoding());
        }
        return parsed;
    }

    private static List<String> split(String header, String separator) {
        List<String> entries = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = header.indexOf(separator, start);
            String entry = (end < 0 ? header.substring(start) : header.substring(start, end)).strip();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
            if (end < 0) {
                return entries;
            }
            if (entries.size() > SignatureHeaders.MAX_SIGNATURE_ENTRIES) {
                // Stop early: the count check rejects the header anyway.
                return entries;
            }
            start = end + separator.length();
        }
    }

    private static String firstPresent(WebhookRequest request, List<String> names) {
        for (String name : names) {
            if (!request.headers(name).isEmpty()) {
                return name;
            }
        }
        return names.get(0);
    }

    private String describePrefixes() {
        return ed25519Prefix == null ? scheme.schemePrefix() : scheme.schemePrefix() + "' or '" + ed25519Prefix;
    }

    @Override
    public String toString() {
        return "HmacVerifier[" + provider + ", " + keys + ", " + tolerance + "]";
    }

    /** What the signature header holds. */
    private static final class ParsedHeader {
        final List<byte[]> hmac = new ArrayList<>(2);
        final List<byte[]> ed25519 = new ArrayList<>(0);
        String timestamp;
        boolean unusable;
    }
}
