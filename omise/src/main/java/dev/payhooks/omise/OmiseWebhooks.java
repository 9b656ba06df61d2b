package dev.payhooks.omise;

import dev.payhooks.spi.EventDecoder;
import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.omise.internal.OmiseEventDecoder;
import dev.payhooks.omise.internal.OmiseKeys;
import dev.payhooks.Tolerance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Omise (Opn Payments) webhooks: the {@link WebhookSource} a receiver is built from.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(OmiseWebhooks.source(System.getenv("OMISE_WEBHOOK_SECRET")))
 *         .on(OmiseEventKeys.CHARGE_COMPLETE, event -> orders.markPaid(ChargeView.of(event)))
 *         .build();
 *
 * // rotation, per-tenant secrets, tolerance, fetch-back confirmation:
 * WebhookSource source = OmiseWebhooks.builder()
 *         .secret(newSecret)
 *         .secret(oldSecret, Instant.parse("2026-11-23T12:00:00Z"))
 *         .tolerance(Tolerance.of(Duration.ofMinutes(10)))
 *         .confirmWith(lookup)
 *         .build();
 * }</pre>
 *
 * <p>Events decode with the type from {@code key}, the creation instant from {@code created_at}
 * (ISO-8601; {@code created} for accounts on API versions before 2019-05-29), the mode from
 * {@code livemode} and the data at {@code /data}. Attributes {@value #ATTRIBUTE_DATA_OBJECT} and
 * {@value #ATTRIBUTE_DATA_ID} carry the data object's kind and id for filters.
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

    private OmiseWebhooks() {
    }

    /**
     * The source for one webhook secret, with the default tolerance (300 s both ways).
     *
     * @param base64Secret the webhook secret as Omise's dashboard shows it (base64)
     * @return the source
     * @throws IllegalArgumentException when the secret is not base64 or decodes to nothing
     */
    public static WebhookSource source(String base64Secret) {
        return builder().secret(base64Secret).build();
    }

    /**
     * The Omise event decoder without fetch-back confirmation, with default JSON limits.
     *
     * @return the decoder
     */
    public static EventDecoder decoder() {
        return new OmiseEventDecoder(JsonLimits.defaults(), null);
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
     * Builds an Omise {@link WebhookSource}. Each setter checks its argument at once. Not
     * thread-safe; the products are immutable and thread-safe.
      *
      * @since 0.1.0
     */
    public static final class Builder {
        private final List<WebhookSecret> secrets = new ArrayList<>();
        private SecretResolver resolver;
        private Tolerance tolerance = OmiseSignatureVerifier.DEFAULT_TOLERANCE;
        private OmiseEventLookup lookup;
        private JsonLimits limits = JsonLimits.defaults();

        private Builder() {
        }

        /**
         * Adds a secret without an end.
         *
         * @param base64Secret the webhook secret as Omise shows it (base64)
         * @return this builder
         * @throws IllegalArgumentException when it is not base64 or decodes to nothing; the
         *         message names the secret by position, never by value
         */
        public Builder secret(String base64Secret) {
            return secret(WebhookSecret.of(Objects.requireNonNull(base64Secret, "base64Secret")));
        }

        /**
         * Adds a secret accepted until {@code notAfter} (the old secret during Omise's 24-hour rotation).
         *
         * @param base64Secret the webhook secret as Omise shows it (base64)
         * @param notAfter the last instant it is accepted
         * @return this builder
         */
        public Builder secret(String base64Secret, Instant notAfter) {
            Objects.requireNonNull(notAfter, "notAfter");
            return secret(WebhookSecret.of(Objects.requireNonNull(base64Secret, "base64Secret"), notAfter));
        }

        /**
         * Adds a secret.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(WebhookSecret secret) {
            Objects.requireNonNull(secret, "secret");
            if (resolver != null) {
                throw new IllegalStateException("secretResolver(...) was already set; use either secrets or a resolver");
            }
            OmiseKeys.configurationError("secret " + (secrets.size() + 1) + " (counting secret(...) calls from 1)", secret)
                    .ifPresent(message -> {
                        throw new IllegalArgumentException(message);
                    });
            secrets.add(secret);
            return this;
        }

        /**
         * Adds several secrets.
         *
         * @param secrets the secrets
         * @return this builder
         */
        public Builder secrets(Collection<WebhookSecret> secrets) {
            Objects.requireNonNull(secrets, "secrets").forEach(this::secret);
            return this;
        }

        /**
         * Resolves secrets per request (per tenant: merchant, profile), instead of fixed secrets.
         * Fixed secrets of the resolver are checked at {@link #build()}; per-request ones when
         * resolved (an unusable one answers 503 and is logged, so Omise retries after the fix).
         *
         * <pre>{@code
         * .secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("merchant"), vault::omiseSecrets))
         * }</pre>
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder secretResolver(SecretResolver resolver) {
            Objects.requireNonNull(resolver, "resolver");
            if (!secrets.isEmpty()) {
                throw new IllegalStateException("secret(...) was already called; use either secrets or a resolver");
            }
            this.resolver = resolver;
            return this;
        }

        /**
         * The timestamp window (default 300 s into the past and the future). Omise publishes no
         * tolerance of its own; 300 s is the common choice among HMAC webhook schemes.
         *
         * @param tolerance the window
         * @return this builder
         */
        public Builder tolerance(Tolerance tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (!tolerance.isEnabled()) {
                throw new IllegalArgumentException("Omise signs a timestamp, so its check cannot be turned off;"
                        + " give a wider window, e.g. Tolerance.of(Duration.ofMinutes(15))");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The same window both ways.
         *
         * @param window at least one second
         * @return this builder
         */
        public Builder tolerance(Duration window) {
            return tolerance(Tolerance.of(window));
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
         * The verifier alone, for tests or your own pipeline.
         *
         * @return the verifier
         * @throws IllegalStateException when neither a secret nor a resolver was given
         */
        public OmiseSignatureVerifier buildVerifier() {
            return OmiseSignatureVerifier.of(resolver(), tolerance);
        }

        /**
         * The source.
         *
         * @return an immutable source
         * @throws IllegalStateException when neither a secret nor a resolver was given
         */
        public WebhookSource build() {
            return new WebhookSource(PROVIDER, buildVerifier(), new OmiseEventDecoder(limits, lookup));
        }

        private SecretResolver resolver() {
            if (resolver != null) {
                return resolver;
            }
            if (secrets.isEmpty()) {
                throw new IllegalStateException("an Omise source needs a secret: call secret(System.getenv(\"OMISE_WEBHOOK_SECRET\"))"
                        + " with the webhook secret from the dashboard, or secretResolver(...) for per-tenant secrets");
            }
            return SecretResolver.of(secrets);
        }
    }
}
