package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.hmac.internal.Ed25519;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies requests against an {@link HmacScheme}. Thread-safe; lets only
 * {@link WebhookVerificationException} (and the resolver's {@code WebhookUnavailableException})
 * escape. Exception messages name headers and reasons, never secrets, signatures or the body.
 */
final class HmacVerifier implements SignatureVerifier {

    /** Longest accepted message id: it is also the idempotency key, which core caps at 255. */
    static final int MAX_MESSAGE_ID_LENGTH = 255;

    private final HmacScheme scheme;
    private final SecretResolver secrets;
    private final Map<WebhookSecret, HmacScheme.Key> fixedKeys;

    HmacVerifier(HmacScheme scheme, SecretResolver secrets) {
        this.scheme = scheme;
        this.secrets = secrets;
        this.fixedKeys = scheme.decodeFixed(secrets.fixedSecrets());
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
        if (scheme.hasTimestamp()) {
            if (scheme.timestampPrefix() != null) {
                timestamp = parsed.timestamp;
                if (timestamp == null) {
                    throw new WebhookVerificationException(RejectionReason.MISSING_TIMESTAMP, "the " + headerName
                            + " header has no " + scheme.timestampPrefix() + " entry");
                }
            } else {
                String name = firstPresent(request, scheme.timestampHeaders());
                timestamp = SignatureHeaders.single(request, name, RejectionReason.MISSING_TIMESTAMP,
                        RejectionReason.MALFORMED_TIMESTAMP);
            }
            // Strict digits first (no sign, no leading zero, no non-ASCII digits), then both directions.
            // Checked before any MAC is computed: a stale or far-future request costs no HMAC work.
            scheme.tolerance().check(Timestamps.parseUnixSeconds(timestamp), now);
        }

        String messageId = null;
        if (scheme.signedContentTemplate().usesId()) {
            messageId = messageId(request);
        }

        if (parsed.hmac.isEmpty() && parsed.ed25519.isEmpty()) {
            throw new WebhookVerificationException(RejectionReason.NO_SUPPORTED_SIGNATURE, "the " + headerName
                    + " header has no entry of the accepted scheme '" + describePrefixes() + "'");
        }

        ResolvedSecrets resolved;
        try {
            resolved = secrets.resolve(request);
        } catch (WebhookException e) {
            throw e;
        } catch (RuntimeException e) {
            // Only the WebhookException family may leave a verifier: a resolver that fails (its
            // database is down) is a lookup that cannot be made now, so the provider should retry.
            throw new WebhookUnavailableException("the " + scheme.provider() + " secret lookup failed with "
                    + e.getClass().getSimpleName(), e);
        }
        if (resolved == null) {
            throw new WebhookUnavailableException("the " + scheme.provider() + " secret resolver returned null", null);
        }
        List<WebhookSecret> active = resolved.activeAt(now);
        List<HmacKey> hmacKeys = new ArrayList<>(active.size());
        List<PublicKey> publicKeys = new ArrayList<>(0);
        for (WebhookSecret secret : active) {
            HmacScheme.Key key = fixedKeys.get(secret);
            if (key == null) {
                key = decodeAtRequestTime(secret);
            }
            if (key instanceof HmacScheme.HmacSecret hmac) {
                hmacKeys.add(hmac.key());
            } else if (key instanceof HmacScheme.Ed25519PublicKey ed) {
                publicKeys.add(ed.key());
            }
        }
        if (hmacKeys.isEmpty() && publicKeys.isEmpty()) {
            throw new WebhookVerificationException(RejectionReason.NO_ACTIVE_SECRET, "none of the active secrets"
                    + resolved.tenant().map(t -> " of tenant '" + t + "'").orElse("") + " is usable for the "
                    + scheme.provider() + " scheme; check the configured secrets");
        }

        byte[] prefix = scheme.signedContentTemplate().prefix(messageId, timestamp);
        if (!parsed.hmac.isEmpty() && !hmacKeys.isEmpty()
                && HmacKey.indexOfMatchingKey(hmacKeys, prefix, request, parsed.hmac) >= 0) {
            return Verification.forTenant(resolved.tenant().orElse(null));
        }
        if (!parsed.ed25519.isEmpty() && !publicKeys.isEmpty()) {
            ByteBuffer body = request.bodyBuffer();
            for (PublicKey key : publicKeys) {
                for (byte[] candidate : parsed.ed25519) {
                    if (Ed25519.verify(key, prefix, body, candidate)) {
                        return Verification.forTenant(resolved.tenant().orElse(null));
                    }
                }
            }
        }
        throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "no signature in the " + headerName
                + " header matches any of the " + active.size() + " active secret(s)"
                + resolved.tenant().map(t -> " of tenant '" + t + "'").orElse("")
                + "; is the secret the one for this endpoint, and is the body passed on unchanged?");
    }

    private HmacScheme.Key decodeAtRequestTime(WebhookSecret secret) {
        try {
            return scheme.decodeKey(secret.value());
        } catch (IllegalArgumentException e) {
            // A per-tenant secret that this scheme cannot use verifies nothing; it must not turn
            // into a 500. If no secret is usable the delivery is refused with NO_ACTIVE_SECRET.
            return null;
        }
    }

    private String messageId(WebhookRequest request) {
        String name = firstPresent(request, scheme.messageIdHeaders());
        String id = SignatureHeaders.single(request, name, RejectionReason.MISSING_MESSAGE_ID, RejectionReason.MISSING_MESSAGE_ID);
        if (id.isEmpty() || id.length() > MAX_MESSAGE_ID_LENGTH) {
            throw new WebhookVerificationException(RejectionReason.MISSING_MESSAGE_ID, "the " + name + " header must have 1 to "
                    + MAX_MESSAGE_ID_LENGTH + " characters, has " + id.length());
        }
        return id;
    }

    private ParsedHeader parse(String headerName, String header) {
        ParsedHeader parsed = new ParsedHeader();
        String separator = scheme.separator();
        List<String> entries = separator == null ? List.of(header) : split(header, separator);
        SignatureHeaders.checkEntryCount(headerName, entries.size());
        String hmacPrefix = scheme.schemePrefix();
        String edPrefix = scheme.ed25519Prefix();
        String tsPrefix = scheme.timestampPrefix();
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
        return scheme.ed25519Prefix() == null ? scheme.schemePrefix() : scheme.schemePrefix() + "' or '" + scheme.ed25519Prefix();
    }

    @Override
    public String toString() {
        return "HmacVerifier[" + scheme.provider() + ", " + secrets + "]";
    }

    /** What the signature header holds. */
    private static final class ParsedHeader {
        final List<byte[]> hmac = new ArrayList<>(2);
        final List<byte[]> ed25519 = new ArrayList<>(0);
        String timestamp;
        boolean unusable;
    }
}
