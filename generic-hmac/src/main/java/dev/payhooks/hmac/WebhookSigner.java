package dev.payhooks.hmac;

import dev.payhooks.WebhookRequest;
import dev.payhooks.hmac.internal.Ed25519;
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
 *
 * <pre>{@code
 * WebhookSigner signer = HmacScheme.yoco().signer("whsec_...");
 * WebhookRequest request = signer.request(body, Instant.now(), "msg_123");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WebhookSigner {

    private final HmacScheme scheme;
    private final List<HmacKey> hmacKeys;
    private final PrivateKey ed25519Key;

    private WebhookSigner(HmacScheme scheme, List<HmacKey> hmacKeys, PrivateKey ed25519Key) {
        this.scheme = scheme;
        this.hmacKeys = List.copyOf(hmacKeys);
        this.ed25519Key = ed25519Key;
    }

    static WebhookSigner hmac(HmacScheme scheme, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give at least one secret to sign with");
        }
        if (secrets.size() > 1 && scheme.separator() == null) {
            throw new IllegalArgumentException("the " + scheme.provider() + " signature header holds one entry; sign with one secret");
        }
        List<HmacKey> keys = new ArrayList<>();
        for (String secret : secrets) {
            Objects.requireNonNull(secret, "secret");
            HmacScheme.Key key = scheme.decodeKey(secret);
            if (!(key instanceof HmacScheme.HmacSecret hmac)) {
                throw new IllegalArgumentException("a whpk_ public key cannot sign; use ed25519Signer(privateKeySeed)");
            }
            keys.add(hmac.key());
        }
        return new WebhookSigner(scheme, keys, null);
    }

    static WebhookSigner ed25519(HmacScheme scheme, PrivateKey key) {
        return new WebhookSigner(scheme, List.of(), key);
    }

    /**
     * The headers a provider would send with this body.
     *
     * @param body the raw body
     * @param timestamp the signing time (ignored by schemes without a timestamp); whole seconds are used
     * @param messageId the message id (ignored, and may be {@code null}, for schemes without one)
     * @return header name to value, in a stable order
     */
    public Map<String, String> headers(byte[] body, Instant timestamp, String messageId) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timestamp, "timestamp");
        boolean needsId = !scheme.messageIdHeaders().isEmpty();
        if (needsId && (messageId == null || messageId.isEmpty())) {
            throw new IllegalArgumentException("the " + scheme.provider() + " scheme sends a message id; give one");
        }
        String ts = Long.toString(timestamp.getEpochSecond());
        byte[] prefix = scheme.signedContentTemplate().prefix(messageId, ts);
        List<String> entries = new ArrayList<>();
        if (scheme.timestampPrefix() != null) {
            entries.add(scheme.timestampPrefix() + ts);
        }
        for (HmacKey key : hmacKeys) {
            entries.add(scheme.schemePrefix() + scheme.encoding().encode(key.mac(prefix, body)));
        }
        if (ed25519Key != null) {
            entries.add(scheme.ed25519Prefix() + SignatureEncoding.BASE64.encode(Ed25519.sign(ed25519Key, prefix, body)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (needsId) {
            headers.put(scheme.messageIdHeaders().get(0), messageId);
        }
        if (!scheme.timestampHeaders().isEmpty()) {
            headers.put(scheme.timestampHeaders().get(0), ts);
        }
        headers.put(scheme.signatureHeaders().get(0), String.join(scheme.separator() == null ? "" : scheme.separator(), entries));
        return headers;
    }

    /**
     * A complete signed request.
     *
     * @param body the raw body
     * @param timestamp the signing time
     * @param messageId the message id, or {@code null} for schemes without one
     * @return the request with the signature headers
     */
    public WebhookRequest request(byte[] body, Instant timestamp, String messageId) {
        WebhookRequest.Builder request = WebhookRequest.builder().body(body);
        headers(body, timestamp, messageId).forEach(request::header);
        return request.build();
    }

    /**
     * Just the signature header's value.
     *
     * @param body the raw body
     * @param timestamp the signing time
     * @param messageId the message id, or {@code null} for schemes without one
     * @return the value of the scheme's signature header
     */
    public String signatureHeaderValue(byte[] body, Instant timestamp, String messageId) {
        return headers(body, timestamp, messageId).get(scheme.signatureHeaders().get(0));
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + scheme.provider() + ", " + (ed25519Key != null ? "Ed25519" : hmacKeys.size() + " HMAC key(s)")
                + ", ****]";
    }
}
