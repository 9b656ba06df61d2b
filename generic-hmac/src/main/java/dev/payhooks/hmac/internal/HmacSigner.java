package dev.payhooks.hmac.internal;

import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs bodies the way a scheme's provider does, for tests, local tools and the CLI. Immutable and
 * thread-safe; {@link #toString()} never shows a key.
 */
public final class HmacSigner implements WebhookSigner {

    private final HmacScheme scheme;
    private final SignedContent signedContent;
    private final List<HmacKey> hmacKeys;
    private final PrivateKey ed25519Key;

    private HmacSigner(HmacScheme scheme, List<HmacKey> hmacKeys, PrivateKey ed25519Key) {
        this.scheme = scheme;
        this.signedContent = SignedContent.parse(scheme.signedContent());
        this.hmacKeys = List.copyOf(hmacKeys);
        this.ed25519Key = ed25519Key;
    }

    /**
     * An HMAC signer.
     *
     * @param scheme the scheme
     * @param secrets the secrets; several only for headers with several entries
     * @return the signer
     * @throws IllegalArgumentException when no secret is given, one is unusable, or several are
     *         given for a single-entry header
     */
    public static HmacSigner hmac(HmacScheme scheme, List<String> secrets) {
        if (secrets.size() > 1 && scheme.entrySeparator().isEmpty()) {
            throw new IllegalArgumentException("the " + scheme.signatureHeaders().get(0) + " header holds one entry;"
                    + " sign with one secret");
        }
        List<HmacKey> keys = SigningKeys.decodeEach("HMAC", secrets, secret -> {
            if (secret.startsWith(HmacScheme.WHPK_PREFIX) && scheme.ed25519SchemePrefix().isPresent()) {
                throw new IllegalArgumentException("a whpk_ public key cannot sign; use ed25519Signer(privateKeySeed)");
            }
            if (secret.startsWith(HmacScheme.WHSK_PREFIX)) {
                throw new IllegalArgumentException("a whsk_ value is an Ed25519 private key; use ed25519Signer(privateKeySeed)");
            }
            return SchemeKeys.hmacKey(scheme, secret);
        });
        return new HmacSigner(scheme, keys, null);
    }

    /**
     * An Ed25519 signer.
     *
     * @param scheme a scheme with Ed25519 entries
     * @param key the private key
     * @return the signer
     */
    public static HmacSigner ed25519(HmacScheme scheme, PrivateKey key) {
        return new HmacSigner(scheme, List.of(), key);
    }

    @Override
    public Map<String, String> headers(byte[] body, Instant signedAt, String messageId) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(messageId, "messageId");
        boolean needsId = !scheme.messageIdHeaders().isEmpty();
        if (needsId && messageId.isEmpty()) {
            throw new IllegalArgumentException("the scheme sends a message id in " + scheme.messageIdHeaders().get(0)
                    + "; give one: headers(body, signedAt, messageId)");
        }
        if (signedAt.getEpochSecond() < 0) {
            throw new IllegalArgumentException("the signing time must be 1970 or later, was " + signedAt);
        }
        String ts = Long.toString(signedAt.getEpochSecond());
        byte[] prefix = signedContent.prefix(messageId, ts);
        String separator = scheme.entrySeparator().orElse("");
        List<String> entries = new ArrayList<>();
        scheme.timestampEntryPrefix().ifPresent(entryPrefix -> entries.add(entryPrefix + ts));
        for (HmacKey key : hmacKeys) {
            entries.add(scheme.schemePrefix() + scheme.encoding().encode(key.mac(prefix, body)));
        }
        if (ed25519Key != null) {
            entries.add(scheme.ed25519SchemePrefix().orElseThrow()
                    + SignatureEncoding.BASE64.encode(Ed25519.sign(ed25519Key, prefix, body)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (needsId) {
            headers.put(scheme.messageIdHeaders().get(0), messageId);
        }
        if (!scheme.timestampHeaders().isEmpty()) {
            headers.put(scheme.timestampHeaders().get(0), ts);
        }
        headers.put(scheme.signatureHeaders().get(0), String.join(separator, entries));
        return headers;
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + scheme.signatureHeaders().get(0) + ", "
                + (ed25519Key != null ? "Ed25519" : hmacKeys.size() + " HMAC key(s)") + ", ****]";
    }
}
