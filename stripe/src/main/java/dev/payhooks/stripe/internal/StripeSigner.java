package dev.payhooks.stripe.internal;

import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Produces {@code Stripe-Signature} headers the way Stripe does:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, one {@code v1} entry per secret in
 * the order given (Stripe signs with the new and the old secret while one is rolled). Immutable and
 * thread-safe; {@link #toString()} shows no secret.
 */
public final class StripeSigner implements WebhookSigner {

    private final List<HmacKey> keys;

    private StripeSigner(List<HmacKey> keys) {
        this.keys = keys;
    }

    /**
     * A signer.
     *
     * @param secrets {@code whsec_...} secrets; at least one
     * @return the signer
     * @throws IllegalArgumentException when no secret is given or one is empty or an API key
     */
    public static StripeSigner of(List<String> secrets) {
        return new StripeSigner(SigningKeys.decodeEach(StripeWebhooks.PROVIDER, secrets, StripeKeys::decode));
    }

    /**
     * A signer, for this module's tests.
     *
     * @param secrets {@code whsec_...} secrets
     * @return the signer
     */
    public static StripeSigner of(String... secrets) {
        return of(List.of(secrets));
    }

    /**
     * The {@code v1} signature of a body: lower-case hex HMAC-SHA256 of {@code "<t>.<body>"}.
     *
     * @param secret the secret as Stripe shows it
     * @param epochSeconds the timestamp; not negative
     * @param body the exact body bytes
     * @return 64 lower-case hex digits
     */
    public static String signature(String secret, long epochSeconds, byte[] body) {
        return of(secret).signatures(epochSeconds, body).get(0);
    }

    @Override
    public Map<String, String> headers(byte[] body, Instant signedAt, String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return Map.of(SignatureHeader.NAME, header(body, Objects.requireNonNull(signedAt, "signedAt").getEpochSecond()));
    }

    /**
     * The header value for a body.
     *
     * @param body the exact body bytes
     * @param signedAt the signing instant
     * @return e.g. {@code t=1700000000,v1=5257a8...}
     */
    public String header(byte[] body, Instant signedAt) {
        return header(body, Objects.requireNonNull(signedAt, "signedAt").getEpochSecond());
    }

    /**
     * The header value for a body.
     *
     * @param body the exact body bytes
     * @param epochSeconds the signing time in Unix seconds; not negative
     * @return e.g. {@code t=1700000000,v1=5257a8...}
     */
    public String header(byte[] body, long epochSeconds) {
        StringBuilder header = new StringBuilder(16 + keys.size() * 68).append("t=").append(epochSeconds);
        for (String signature : signatures(epochSeconds, body)) {
            header.append(",v1=").append(signature);
        }
        return header.toString();
    }

    private List<String> signatures(long epochSeconds, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (epochSeconds < 0) {
            throw new IllegalArgumentException("the timestamp must be Unix seconds, 0 or more; was " + epochSeconds);
        }
        byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        List<String> signatures = new ArrayList<>(keys.size());
        for (HmacKey key : keys) {
            signatures.add(SignatureEncoding.HEX.encode(key.mac(prefix, body)));
        }
        return signatures;
    }

    @Override
    public String toString() {
        return "StripeSigner[" + keys.size() + " secret(s)]";
    }
}
