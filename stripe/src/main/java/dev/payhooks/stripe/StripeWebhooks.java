package dev.payhooks.stripe;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.Tolerance;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The Stripe entry point: a {@link WebhookSource} (provider {@code "stripe"}, a
 * {@link StripeSignatureVerifier} and a {@link StripeEventDecoder}) for the
 * {@link dev.payhooks.WebhookReceiver}.
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
 * @since 0.1.0
 */
public final class StripeWebhooks {

    /** The provider name of Stripe sources; it scopes idempotency keys in the store. */
    public static final String PROVIDER = StripeEventDecoder.PROVIDER;

    private StripeWebhooks() {
    }

    /**
     * A source for one endpoint with the default 300 s tolerance (both directions).
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
     * Builds a Stripe {@link WebhookSource}. Not thread-safe; the product is.
      *
      * @since 0.1.0
     */
    public static final class Builder {
        private final StripeSignatureVerifier.Builder verifier = StripeSignatureVerifier.builder();
        private JsonLimits limits = JsonLimits.defaults();

        private Builder() {
        }

        /**
         * Adds signing secrets ({@code whsec_...}). Give the old and the new one while Stripe rolls a
         * secret (the old one stays valid for up to 24 hours).
         *
         * @param secrets the secrets
         * @return this builder
         */
        public Builder secrets(String... secrets) {
            verifier.secrets(secrets);
            return this;
        }

        /**
         * Adds one secret, possibly with the instant its roll ends:
         * {@code secret(WebhookSecret.of(oldSecret, rolledAt.plus(Duration.ofHours(24))))}.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(WebhookSecret secret) {
            verifier.secret(secret);
            return this;
        }

        /**
         * Adds secrets, each possibly with a not-after instant.
         *
         * @param secrets the secrets
         * @return this builder
         */
        public Builder secrets(Collection<WebhookSecret> secrets) {
            verifier.secrets(secrets);
            return this;
        }

        /**
         * Looks the secrets up per request (per merchant, per gateway profile, ...). An unknown tenant
         * is answered 404; a failing lookup 503, so Stripe retries.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder secretResolver(SecretResolver resolver) {
            verifier.secretResolver(resolver);
            return this;
        }

        /**
         * The same timestamp window into the past and the future (default 300 s).
         *
         * @param window at least one second
         * @return this builder
         */
        public Builder tolerance(Duration window) {
            verifier.tolerance(window);
            return this;
        }

        /**
         * Separate windows, e.g. {@code Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30))}.
         *
         * @param tolerance the tolerance; may not be disabled
         * @return this builder
         */
        public Builder tolerance(Tolerance tolerance) {
            verifier.tolerance(tolerance);
            return this;
        }

        /**
         * JSON limits for decoding (default {@link JsonLimits#defaults()}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder jsonLimits(JsonLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The source.
         *
         * @return an immutable source named {@value StripeEventDecoder#PROVIDER}
         * @throws IllegalStateException when no secret and no resolver (or both) were configured
         */
        public WebhookSource build() {
            return new WebhookSource(PROVIDER, verifier.build(), StripeEventDecoder.withLimits(limits));
        }

        @Override
        public String toString() {
            return "StripeWebhooks.Builder[" + verifier + "]";
        }
    }
}
