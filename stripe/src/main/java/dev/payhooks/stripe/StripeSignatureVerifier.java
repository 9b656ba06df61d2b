package dev.payhooks.stripe;

import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.Tolerance;
import dev.payhooks.stripe.internal.SignatureHeader;
import dev.payhooks.stripe.internal.StripeKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Verifies Stripe's {@code Stripe-Signature} header exactly as Stripe signs: HMAC-SHA256 over
 * {@code "<t>.<raw body>"}, keyed with the whole {@code whsec_...} secret as UTF-8, hex-encoded in
 * one or more {@code v1=} entries; every {@code v1} candidate is compared in constant time (as
 * decoded bytes) with the MAC of every active secret; other schemes ({@code v0}) are ignored. Then the
 * timestamp must lie within the tolerance, by default 300 s <em>in the past and in the future</em>
 * (Stripe's SDKs check only the past).
 *
 * <p>Usable on its own, for example in a merchant's unit test:
 *
 * <pre>{@code
 * StripeSignatureVerifier verifier = StripeSignatureVerifier.of("whsec_test_secret");
 * String header = StripeSigner.of("whsec_test_secret").header(body, now);
 * verifier.verify(WebhookRequest.builder().body(body).header("Stripe-Signature", header).build(), now);
 * }</pre>
 *
 * <p>The only exception {@link #verify} lets escape is {@link WebhookVerificationException} (with a
 * {@link RejectionReason}), or {@link WebhookUnavailableException} when a {@link SecretResolver}'s
 * backing store fails. The signature is checked before the timestamp, so
 * {@link RejectionReason#TIMESTAMP_TOO_OLD} and {@link RejectionReason#TIMESTAMP_IN_FUTURE} are only
 * ever reported for deliveries that really were signed with one of your secrets: they point at
 * delays, replays or a wrong clock, never at forgeries.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no secret.
 *
 * @since 0.1.0
 */
public final class StripeSignatureVerifier implements SignatureVerifier {

    /** The header Stripe signs with. */
    public static final String HEADER = SignatureHeader.NAME;

    /** Stripe's own default tolerance: 300 seconds. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private final SecretResolver resolver;
    private final Tolerance tolerance;
    private final StripeKeys keys = new StripeKeys();

    private StripeSignatureVerifier(SecretResolver resolver, Tolerance tolerance) {
        this.resolver = resolver;
        this.tolerance = tolerance;
    }

    /**
     * A verifier for one endpoint's signing secrets (give the old and the new one while Stripe
     * rolls a secret), with the default tolerance.
     *
     * @param secrets one or more {@code whsec_...} secrets
     * @return the verifier
     * @throws IllegalArgumentException when no secret is given or one is unusable
     */
    public static StripeSignatureVerifier of(String... secrets) {
        return builder().secrets(secrets).build();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tolerance in force.
     *
     * @return the tolerance
     */
    public Tolerance tolerance() {
        return tolerance;
    }

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        String value = SignatureHeaders.single(request, HEADER, RejectionReason.MISSING_SIGNATURE_HEADER,
                RejectionReason.MALFORMED_SIGNATURE_HEADER);
        SignatureHeader header = SignatureHeader.parse(value);
        ResolvedSecrets resolved = resolve(request);
        List<WebhookSecret> active = resolved.activeAt(now);
        List<HmacKey> hmacKeys = new ArrayList<>(active.size());
        for (WebhookSecret secret : active) {
            hmacKeys.add(keys.cached(secret));
        }
        if (header.candidates().isEmpty()
                || HmacKey.indexOfMatchingKey(hmacKeys, header.signedPrefix(), request, header.candidates()) < 0) {
            throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "none of the " + header.v1Entries()
                    + " v1 signature(s) matches any of the " + active.size() + " active secret(s); is the secret the"
                    + " one of this endpoint (test and live differ), and does the body reach us unmodified?");
        }
        tolerance.check(header.timestamp(), now);
        return Verification.forTenant(resolved.tenant().orElse(null));
    }

    private ResolvedSecrets resolve(WebhookRequest request) {
        try {
            return Objects.requireNonNull(resolver.resolve(request), "the secret resolver returned null");
        } catch (WebhookException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SignatureVerifier contract lets only the WebhookException family escape; a failing
            // custom resolver is a lookup that cannot be made now, so the provider should retry.
            throw new WebhookUnavailableException("the Stripe secret lookup failed with " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "StripeSignatureVerifier[" + resolver + ", " + tolerance + "]";
    }

    /**
     * Builds a {@link StripeSignatureVerifier}. Not thread-safe; the product is.
     *
     * <pre>{@code
     * StripeSignatureVerifier verifier = StripeSignatureVerifier.builder()
     *         .secret(WebhookSecret.of(newSecret))
     *         .secret(WebhookSecret.of(oldSecret, rollEndsAt))
     *         .tolerance(Duration.ofMinutes(5))
     *         .build();
     * }</pre>
      *
      * @since 0.1.0
     */
    public static final class Builder {
        private final List<WebhookSecret> secrets = new ArrayList<>();
        private SecretResolver resolver;
        private Tolerance tolerance = Tolerance.of(DEFAULT_TOLERANCE);

        private Builder() {
        }

        /**
         * Adds signing secrets. During Stripe's roll (up to 24 hours) give the old and the new one.
         *
         * @param secrets {@code whsec_...} secrets as the Dashboard shows them
         * @return this builder
         * @throws IllegalArgumentException when a secret is null, empty, has surrounding whitespace or is an API key
         */
        public Builder secrets(String... secrets) {
            Objects.requireNonNull(secrets, "secrets");
            for (String secret : secrets) {
                if (secret == null) {
                    // Typically System.getenv("STRIPE_WEBHOOK_SECRET") on a machine where it is not set.
                    throw new IllegalArgumentException("a Stripe signing secret is null; is the environment variable or"
                            + " setting that should hold the endpoint's whsec_... secret set?");
                }
                secret(WebhookSecret.of(secret));
            }
            return this;
        }

        /**
         * Adds one secret, possibly with a not-after instant (the end of a roll).
         *
         * @param secret the secret
         * @return this builder
         * @throws IllegalArgumentException when the secret is an API key
         */
        public Builder secret(WebhookSecret secret) {
            Objects.requireNonNull(secret, "secret");
            StripeKeys.checkPlausible(secret.value());
            secrets.add(secret);
            return this;
        }

        /**
         * Adds secrets, each possibly with a not-after instant.
         *
         * @param secrets the secrets
         * @return this builder
         */
        public Builder secrets(Collection<WebhookSecret> secrets) {
            Objects.requireNonNull(secrets, "secrets").forEach(this::secret);
            return this;
        }

        /**
         * Looks the secrets up per request instead, for example per merchant and gateway profile
         * named in the query string ({@code SecretResolver.perTenant(TenantKey.queryParameters(...), ...)}).
         * Excludes {@link #secrets(String...)}.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder secretResolver(SecretResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * The same window into the past and the future (default 300 s).
         *
         * @param window at least one second
         * @return this builder
         */
        public Builder tolerance(Duration window) {
            return tolerance(Tolerance.of(window));
        }

        /**
         * The tolerance, for example {@code Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30))}
         * for a smaller allowance for clock skew into the future.
         *
         * @param tolerance the tolerance; Stripe's signatures always cover a timestamp, so a
         *                  disabled tolerance is refused
         * @return this builder
         */
        public Builder tolerance(Tolerance tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (!tolerance.isEnabled()) {
                throw new IllegalArgumentException("Stripe signs a timestamp into every signature, so the timestamp check"
                        + " cannot be disabled; give a wider tolerance instead, e.g. Tolerance.of(Duration.ofMinutes(10))");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The verifier.
         *
         * @return an immutable verifier
         * @throws IllegalStateException when neither secrets nor a resolver, or both, were given
         */
        public StripeSignatureVerifier build() {
            if (resolver != null && !secrets.isEmpty()) {
                throw new IllegalStateException("give either signing secrets or a SecretResolver, not both;"
                        + " a resolver can return a fixed set too: SecretResolver.of(...)");
            }
            if (resolver == null && secrets.isEmpty()) {
                throw new IllegalStateException("no Stripe signing secret configured; pass the endpoint's whsec_... secret"
                        + " (Dashboard > Developers > Webhooks > Signing secret), e.g. from STRIPE_WEBHOOK_SECRET");
            }
            SecretResolver effective = resolver != null ? resolver : SecretResolver.of(List.copyOf(secrets));
            for (WebhookSecret fixed : effective.fixedSecrets()) {
                StripeKeys.checkPlausible(fixed.value());
            }
            return new StripeSignatureVerifier(effective, tolerance);
        }

        @Override
        public String toString() {
            return "StripeSignatureVerifier.Builder[" + secrets.size() + " secrets" + (resolver == null ? "" : ", resolver")
                    + ", " + tolerance + "]";
        }
    }
}
