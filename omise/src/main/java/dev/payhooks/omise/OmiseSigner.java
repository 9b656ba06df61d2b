package dev.payhooks.omise;

import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.omise.internal.OmiseKeys;
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
 * Signs bodies the way Omise does, for tests and the CLI: {@code Omise-Signature-Timestamp} is the
 * Unix seconds, {@code Omise-Signature} the hex HMAC-SHA256 of {@code <timestamp>.<body>} under each
 * secret, comma-separated in the order given (two during a rotation). Immutable and thread-safe;
 * {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * OmiseSigner signer = OmiseSigner.of(base64Secret);
 * WebhookRequest request = signer.request(body, clock.instant());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OmiseSigner {

    private final List<HmacKey> keys;

    private OmiseSigner(List<HmacKey> keys) {
        this.keys = keys;
    }

    /**
     * A signer; with several secrets it writes one signature per secret, as Omise does while a
     * secret is being rotated.
     *
     * @param base64Secrets one or more webhook secrets (base64)
     * @return the signer
     * @throws IllegalArgumentException when a secret is not base64 or decodes to nothing
     */
    public static OmiseSigner of(String... base64Secrets) {
        Objects.requireNonNull(base64Secrets, "base64Secrets");
        if (base64Secrets.length == 0) {
            throw new IllegalArgumentException("give at least one Omise webhook secret to sign with");
        }
        List<HmacKey> keys = new ArrayList<>(base64Secrets.length);
        for (int i = 0; i < base64Secrets.length; i++) {
            WebhookSecret secret = WebhookSecret.of(Objects.requireNonNull(base64Secrets[i], "secret"));
            String which = "signing secret " + (i + 1) + " of " + base64Secrets.length;
            OmiseKeys.configurationError(which, secret).ifPresent(message -> {
                throw new IllegalArgumentException(message);
            });
            keys.add(OmiseKeys.decode(secret.value()).orElseThrow());
        }
        return new OmiseSigner(List.copyOf(keys));
    }

    /**
     * The {@code Omise-Signature} value for a body signed at {@code timestamp}.
     *
     * @param timestamp Unix seconds; not negative
     * @param body the raw body
     * @return comma-separated lower-case hex signatures, one per secret
     */
    public String signature(long timestamp, byte[] body) {
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

    /**
     * Both headers for a body signed at {@code timestamp}.
     *
     * @param timestamp Unix seconds
     * @param body the raw body
     * @return header name to value, timestamp first
     */
    public Map<String, String> headers(long timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(OmiseWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(OmiseWebhooks.SIGNATURE_HEADER, signature(timestamp, body));
        return headers;
    }

    /**
     * A signed request, as Omise would deliver it at {@code at}.
     *
     * @param body the raw body
     * @param at the signing instant (truncated to seconds)
     * @return the request
     */
    public WebhookRequest request(byte[] body, Instant at) {
        Objects.requireNonNull(at, "at");
        WebhookRequest.Builder request = WebhookRequest.builder().body(body)
                .header("Content-Type", "application/json");
        headers(at.getEpochSecond(), body).forEach(request::header);
        return request.build();
    }

    @Override
    public String toString() {
        return "OmiseSigner[" + keys.size() + " secret(s), ****]";
    }
}
