package dev.payhooks.omise;

import dev.payhooks.Tolerance;
import dev.payhooks.omise.internal.OmiseEventDecoder;
import dev.payhooks.omise.internal.OmiseKeys;
import dev.payhooks.omise.internal.OmiseSigner;
import dev.payhooks.omise.internal.OmiseVerifier;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.WebhookSourceBuilder;
import dev.payhooks.spi.signature.HmacKey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Omise (Opn Payments) entry point: the {@link WebhookSource} (provider {@value #PROVIDER}) a
 * {@link dev.payhooks.WebhookReceiver} is built from, and a {@link WebhookSigner} for tests.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(OmiseWebhooks.source(System.getenv("OMISE_WEBHOOK_SECRET")))
 *         .on(OmiseEventKeys.CHARGE_COMPLETE, event -> orders.markPaid(ChargeView.of(event)))
 *         .build();
 *
 * // rotation, per-tenant secrets, tolerance, fetch-back confirmation:
 * WebhookSource source = OmiseWebhooks.builder()
 *         .secrets(newSecret)
 *         .secret(oldSecret, Instant.parse("2026-11-23T12:00:00Z"))
 *         .tolerance(Tolerance.of(Duration.ofMinutes(10)))
 *         .confirmWith(lookup)
 *         .build();
 * }</pre>
 *
 * <p><b>Verification</b> follows Omise's recipe (docs.omise.co/api-webhooks): HMAC-SHA256 over
 * {@code <timestamp>.<raw body>}, keyed with the base64-decoded webhook secret, hex in
 * {@value #SIGNATURE_HEADER} (two comma-separated signatures during a 24-hour rotation) with the
 * timestamp in {@value #TIMESTAMP_HEADER}. The signature is checked first, then the timestamp
 * against the tolerance, by default 300 s both ways (Omise publishes none).
 *
 * <p><b>Events</b> decode with the type from {@code key}, the creation instant from {@code created_at}
 * (ISO-8601; {@code created} for accounts on API versions before 2019-05-29), the mode from
 * {@code livemode} and the data at {@code /data}. Attributes {@value #ATTRIBUTE_DATA_OBJECT} and
 * {@value #ATTRIBUTE_DATA_ID} carry the data object's kind and id for filters.
 *
 * <p><b>In a unit test</b>, verify a captured request the same way for every provider, through the
 * source's verifier:
 *
 * <pre>{@code
 * WebhookRequest request = OmiseWebhooks.signer(base64Secret).request(body, now);
 * OmiseWebhooks.source(base64Secret).verifier().verify(request, now);   // or WebhookVerificationException
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OmiseWebhooks {

    /** The provider name stored in events and idempotency keys. */
    public static final String PROVIDER = "omise";
    /** The header with one or more comma-separated hex signatures. */
    public static final String SIGNATURE_HEADER = "Omise-Signature";
    /** The header with the signed Unix-seconds timestamp. */
    public static final String TIMESTAMP_HEADER = "Omise-Signature-Timestamp";
    /** {@link dev.payhooks.Event#attribute(String)} name of the data object's kind ({@code charge}, {@code refund}, ...). */
    public static final String ATTRIBUTE_DATA_OBJECT = OmiseEventDecoder.DATA_OBJECT;
    /** {@link dev.payhooks.Event#attribute(String)} name of the data object's id ({@code chrg_...}). */
    public static final String ATTRIBUTE_DATA_ID = OmiseEventDecoder.DATA_ID;
    /** The default tolerance: 300 s into the past and the future. Omise publishes no tolerance. */
    public static final Tolerance DEFAULT_TOLERANCE = Tolerance.of(Duration.ofSeconds(300));

    private OmiseWebhooks() {
    }

    /**
     * The source for an endpoint's webhook secret, with the default tolerance.
     *
     * @param base64Secrets the webhook secret as Omise's dashboard shows it (base64); during a
     *                      rotation, the new and the old one
     * @return the source
     * @throws IllegalArgumentException when a secret is not base64 or decodes to nothing; the
     *         message names it by position, never by value
     */
    public static WebhookSource source(String... base64Secrets) {
        return builder().secrets(base64Secrets).build();
    }

    /**
     * A builder for rotation, per-tenant secrets, tolerance, confirmation and JSON limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A signer producing {@value #TIMESTAMP_HEADER} and {@value #SIGNATURE_HEADER} as Omise does,
     * for tests and the {@code payhooks} command; with several secrets, one signature per secret.
     *
     * <pre>{@code
     * WebhookRequest request = OmiseWebhooks.signer(base64Secret).request(body, clock.instant());
     * }</pre>
     *
     * @param base64Secrets one or more webhook secrets (base64)
     * @return the signer
     * @throws IllegalArgumentException when no secret is given, or one is not base64
     */
    public static WebhookSigner signer(String... base64Secrets) {
        return OmiseSigner.of(List.of(base64Secrets));
    }

    /**
     * Builds an Omise {@link WebhookSource}; secrets, tolerance and JSON limits are set as for every
     * provider ({@link WebhookSourceBuilder}). Omise signs a timestamp, so the tolerance cannot be
     * disabled. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends WebhookSourceBuilder<Builder, HmacKey> {
        private OmiseEventLookup lookup;

        private Builder() {
            super(PROVIDER, OmiseKeys::decode, DEFAULT_TOLERANCE, "the webhook secret from the dashboard's webhook page"
                    + " (base64), e.g. from OMISE_WEBHOOK_SECRET");
        }

        /**
         * Confirms every verified event by fetching it back from Omise with your client. A
         * mismatch or an unknown event is rejected ({@code EVENT_NOT_CONFIRMED}); a failing
         * lookup answers 503 so Omise retries.
         *
         * @param lookup the fetch-back hook
         * @return this builder
         */
        public Builder confirmWith(OmiseEventLookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * The source.
         *
         * @return an immutable source named {@value OmiseWebhooks#PROVIDER}
         * @throws IllegalStateException when neither a secret nor a resolver was given
         * @throws IllegalArgumentException when a fixed secret of the resolver is unusable
         */
        @Override
        public WebhookSource build() {
            return new WebhookSource(PROVIDER, new OmiseVerifier(signingKeys(), configuredTolerance()),
                    new OmiseEventDecoder(configuredJsonLimits(), lookup));
        }
    }
}
