package dev.payhooks.stripe;

import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.stripe.internal.StripeKeys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Produces {@code Stripe-Signature} headers the way Stripe does, for your own tests and for sending
 * test events: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, one {@code v1} entry per
 * secret (so a rotation, where Stripe signs with the old and the new secret, can be reproduced).
 *
 * <pre>{@code
 * StripeSigner signer = StripeSigner.of("whsec_test_secret");
 * WebhookRequest request = signer.request(body, clock.instant());
 * assertThat(receiver.receive(request).status()).isEqualTo(200);
 *
 * // during a roll: t=...,v1=<new>,v1=<old>
 * String header = StripeSigner.of(newSecret, oldSecret).header(body, now);
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no secret.
 *
 * @since 0.1.0
 */
public final class StripeSigner {

    private final List<HmacKey> keys;

    private StripeSigner(List<HmacKey> keys) {
        this.keys = keys;
    }

    /**
     * A signer with one or more secrets; the header gets one {@code v1} entry per secret, in order.
     *
     * @param secrets {@code whsec_...} secrets
     * @return the signer
     * @throws IllegalArgumentException when no secret is given or one is empty
     */
    public static StripeSigner of(String... secrets) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.length == 0) {
            throw new IllegalArgumentException("give at least one signing secret (whsec_...)");
        }
        List<HmacKey> keys = new ArrayList<>(secrets.length);
        for (String secret : secrets) {
            keys.add(StripeKeys.keyOf(WebhookSecret.of(secret).value()));
        }
        return new StripeSigner(List.copyOf(keys));
    }

    /**
     * The {@code v1} signature of a body: lower-case hex HMAC-SHA256 of {@code "<t>.<body>"} keyed
     * with the secret's UTF-8 bytes.
     *
     * @param secret the secret as Stripe shows it
     * @param epochSeconds the timestamp; not negative
     * @param body the exact body bytes
     * @return 64 lower-case hex digits
     */
    public static String signature(String secret, long epochSeconds, byte[] body) {
        return of(secret).signatures(epochSeconds, body).get(0);
    }

    /**
     * The header value for a body.
     *
     * @param body the exact body bytes
     * @param timestamp the signing instant (whole seconds are used)
     * @return e.g. {@code t=1700000000,v1=5257a8...}
     */
    public String header(byte[] body, Instant timestamp) {
        return header(body, Objects.requireNonNull(timestamp, "timestamp").getEpochSecond());
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

    /**
     * The header value for a text body, encoded as UTF-8.
     *
     * @param body the body text
     * @param timestamp the signing instant
     * @return the header value
     */
    public String header(String body, Instant timestamp) {
        return header(Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), timestamp);
    }

    /**
     * A complete signed request: the body, {@code Stripe-Signature} and
     * {@code Content-Type: application/json; charset=utf-8}, as Stripe sends it.
     *
     * @param body the exact body bytes
     * @param timestamp the signing instant
     * @return the request
     */
    public WebhookRequest request(byte[] body, Instant timestamp) {
        return WebhookRequest.builder()
                .body(body)
                .header(StripeSignatureVerifier.HEADER, header(body, timestamp))
                .header("Content-Type", "application/json; charset=utf-8")
                .build();
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
