package dev.payhooks.omise.internal;

import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        return new OmiseSigner(SigningKeys.decodeEach("Omise", base64Secrets, OmiseKeys::decode));
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
