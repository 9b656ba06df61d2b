package dev.payhooks.omise.internal;

import dev.payhooks.WebhookSecret;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs bodies the way Omise does: {@code Omise-Signature-Timestamp} is the Unix seconds,
 * {@code Omise-Signature} the hex HMAC-SHA256 of {@code <timestamp>.<body>} under each secret,
 * comma-separated in the order given (two during a rotation). Immutable and thread-safe;
 * {@link #toString()} never shows a secret.
 */
public final class OmiseSigner implements WebhookSigner {

    private final List<HmacKey> keys;

    private OmiseSigner(List<HmacKey> keys) {
        this.keys = keys;
    }

    /**
     * A signer; with several secrets it writes one signature per secret.
     *
     * @param base64Secrets one or more webhook secrets (base64)
     * @return the signer
     * @throws IllegalArgumentException when no secret is given, or one is not base64 or decodes to nothing
     */
    public static OmiseSigner of(List<String> base64Secrets) {
        Objects.requireNonNull(base64Secrets, "base64Secrets");
        if (base64Secrets.isEmpty()) {
            throw new IllegalArgumentException("give at least one Omise webhook secret to sign with");
        }
        List<HmacKey> keys = new ArrayList<>(base64Secrets.size());
        for (int i = 0; i < base64Secrets.size(); i++) {
            WebhookSecret secret = WebhookSecret.of(Objects.requireNonNull(base64Secrets.get(i), "secret"));
            try {
                keys.add(OmiseKeys.decode(secret.value()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the Omise signing secret " + (i + 1) + " of " + base64Secrets.size()
                        + " is unusable: " + e.getMessage());
            }
        }
        return new OmiseSigner(List.copyOf(keys));
    }

    /**
     * A signer, for this module's tests.
     *
     * @param base64Secrets one or more webhook secrets (base64)
     * @return the signer
     */
    public static OmiseSigner of(String... base64Secrets) {
        return of(List.of(base64Secrets));
    }

    /**
     * The {@code Omise-Signature} value for a body signed at {@code timestamp}.
     *
     * @param body the raw body
     * @param timestamp Unix seconds; not negative
     * @return comma-separated lower-case hex signatures, one per secret
     */
    public String signature(byte[] body, long timestamp) {
        Objects.requireNonNull(body, "body");
        if (timestamp < 0) {
            throw new IllegalArgumentException("the timestamp must be Unix seconds, 0 or more, was " + timestamp);
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        StringBuilder header = new StringBuilder(keys.size() * 65);
        for (HmacKey key : keys) {
            if (header.length() > 0) {
                header.append(',');
            }
            header.append(SignatureEncoding.HEX.encode(key.mac(prefix, body)));
        }
        return header.toString();
    }

    @Override
    public Map<String, String> headers(byte[] body, Instant signedAt, String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        long timestamp = Objects.requireNonNull(signedAt, "signedAt").getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(OmiseWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(OmiseWebhooks.SIGNATURE_HEADER, signature(body, timestamp));
        return headers;
    }

    @Override
    public String toString() {
        return "OmiseSigner[" + keys.size() + " secret(s), ****]";
    }
}
