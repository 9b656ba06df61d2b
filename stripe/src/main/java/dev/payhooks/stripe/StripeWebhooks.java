package dev.payhooks.stripe;

import dev.payhooks.Tolerance;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.WebhookSourceBuilder;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.stripe.internal.StripeEventDecoder;
import dev.payhooks.stripe.internal.StripeKeys;
import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.stripe.internal.StripeVerifier;

import java.time.Duration;
import java.util.List;

/**
 * The Stripe entry point: the {@link WebhookSource} (provider {@value #PROVIDER}) a
 * {@link dev.payhooks.WebhookReceiver} is built from, and a {@link WebhookSigner} for tests.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *         .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
 *         .on(StripeEventTypes.REFUND_FAILED, event -> refunds.markFailed(event.data(RefundView.class)))
 *         .build();
 *
 * // a platform with one endpoint per merchant and gateway profile, each with its own secret
 * WebhookSource perProfile = StripeWebhooks.builder()
 *         .secretResolver(SecretResolver.perTenant(TenantKey.queryParameters("merchant", "profile"),
 *                 tenant -> profiles.signingSecretsOf(tenant)))
 *         .build();
 * }</pre>
 *
 * <p><b>Verification</b> follows Stripe's "Verify manually" recipe (docs.stripe.com/webhooks):
 * HMAC-SHA256 over {@code "<t>.<raw body>"}, keyed with the whole {@code whsec_...} secret as UTF-8,
 * hex in one or more {@code v1=} entries of {@value #SIGNATURE_HEADER}; every {@code v1} candidate is
 * compared in constant time with the MAC of every active secret, and other schemes ({@code v0}) are
 * ignored. Then the timestamp must lie within the tolerance, by default 300 s <em>in the past and in
 * the future</em> (Stripe's SDKs check only the past). The signature is checked first, so
 * {@code TIMESTAMP_TOO_OLD} and {@code TIMESTAMP_IN_FUTURE} only ever describe deliveries really
 * signed with one of your secrets.
 *
 * <p><b>In a unit test</b>, verify a captured request the same way for every provider, through the
 * source's verifier; it returns the {@link dev.payhooks.spi.Verification} or throws
 * {@link dev.payhooks.WebhookVerificationException} with a {@link dev.payhooks.RejectionReason}:
 *
 * <pre>{@code
 * WebhookRequest request = StripeWebhooks.signer("whsec_test_secret").request(body, now);
 * StripeWebhooks.source("whsec_test_secret").verifier().verify(request, now);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StripeWebhooks {

    /** The provider name of Stripe sources and events; it scopes idempotency keys in the store. */
    public static final String PROVIDER = "stripe";

    /** The header Stripe signs with. */
    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    /** Stripe's own tolerance, 300 seconds, applied in both directions. */
    public static final Tolerance DEFAULT_TOLERANCE = Tolerance.of(Duration.ofSeconds(300));

    private StripeWebhooks() {
    }

    /**
     * A source for one endpoint with the default tolerance.
     *
     * @param secrets the endpoint's signing secret; during a roll, the new and the old one
     * @return the source
     * @throws IllegalArgumentException when a secret is missing, empty, padded with whitespace or an API key
     */
    public static WebhookSource source(String... secrets) {
        return builder().secrets(secrets).build();
    }

    /**
     * A builder for everything else: expiring secrets, per-tenant secrets, tolerance, JSON limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A signer producing {@value #SIGNATURE_HEADER} as Stripe does, for your tests and for sending
     * test events: {@code t=<unix seconds>,v1=<hex>}, one {@code v1} entry per secret in the order
     * given (so a roll, where Stripe signs with the new and the old secret, can be reproduced).
     *
     * <pre>{@code
     * WebhookSigner signer = StripeWebhooks.signer("whsec_test_secret");
     * assertThat(receiver.receive(signer.request(body, clock.instant())).status()).isEqualTo(200);
     * }</pre>
     *
     * @param secrets one or more {@code whsec_...} secrets
     * @return the signer
     * @throws IllegalArgumentException when no secret is given, or one is empty or an API key
     */
    public static WebhookSigner signer(String... secrets) {
        return StripeSigner.of(List.of(secrets));
    }

    /**
     * Builds a Stripe {@link WebhookSource}; the secrets, tolerance and JSON limits are set as for
     * every provider ({@link WebhookSourceBuilder}). An API key ({@code sk_}, {@code rk_},
     * {@code pk_}) given as a secret is refused when it is added. Stripe signs a timestamp into every
     * signature, so the tolerance cannot be disabled. Not thread-safe; the product is.
     *
     * <pre>{@code
     * WebhookSource source = StripeWebhooks.builder()
     *         .secret(WebhookSecret.of(newSecret))
     *         .secret(oldSecret, rolledAt.plus(Duration.ofHours(24)))
     *         .tolerance(Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30)))
     *         .build();
     * }</pre>
     *
     * @since 0.1.0
     */
    public static final class Builder extends WebhookSourceBuilder<Builder, HmacKey> {

        private Builder() {
            super(PROVIDER, StripeKeys::decode, DEFAULT_TOLERANCE, "the endpoint's whsec_... signing secret"
                    + " (Dashboard > Developers > Webhooks > Signing secret), e.g. from STRIPE_WEBHOOK_SECRET");
        }

        /**
         * The source: Stripe's verifier and a decoder for snapshot (v1) and thin (v2) events.
         *
         * @return an immutable source named {@value StripeWebhooks#PROVIDER}
         * @throws IllegalStateException when no secret and no resolver were configured
         * @throws IllegalArgumentException when a fixed secret of the resolver is an API key
         */
        @Override
        public WebhookSource build() {
            return new WebhookSource(PROVIDER, new StripeVerifier(signingKeys(), configuredTolerance()),
                    StripeEventDecoder.withLimits(configuredJsonLimits()));
        }
    }
}
