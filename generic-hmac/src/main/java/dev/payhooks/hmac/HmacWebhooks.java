package dev.payhooks.hmac;

import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.hmac.internal.HmacVerifier;
import dev.payhooks.hmac.internal.SchemeKeys;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.WebhookSourceBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A provider that signs with an HMAC: its name, its {@link HmacScheme signature scheme}, its event
 * envelope (described with core's {@link JsonEventDecoder.Builder}) and its timestamp tolerance.
 * The presets in {@link HmacPresets} are instances; {@link #define(String)} describes any other.
 * Like {@code StripeWebhooks} and {@code OmiseWebhooks}, it hands out the {@link WebhookSource} a
 * {@link dev.payhooks.WebhookReceiver} is built from ({@link #source(String...)}, {@link #builder()})
 * and a {@link WebhookSigner} for tests ({@link #signer(String...)}). Immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookSource yoco = HmacPresets.yoco().source(System.getenv("YOCO_WEBHOOK_SECRET"));
 *
 * HmacWebhooks acme = HmacWebhooks.define("acme")
 *         .scheme(HmacScheme.builder().signatureHeader("Acme-Signature").schemePrefix("sha256=")
 *                 .timestampHeader("Acme-Timestamp").signedContent("{timestamp}.{body}").build())
 *         .events(envelope -> envelope.id("/event/id").type("/event/name").data("/event/payload"))
 *         .build();
 * WebhookSource source = acme.source(System.getenv("ACME_WEBHOOK_SECRET"));
 * }</pre>
 *
 * <p><b>Deduplication.</b> When the signature covers the message id ({@code {id}} in the signed
 * content, as in Standard Webhooks), the message id is the idempotency key unless
 * {@link Definition#idempotencyKeyFromMessageId(boolean)} says otherwise. An id the signature does
 * not cover (GitHub's and Shopify's delivery headers) is never trusted for deduplication: the key is
 * then the SHA-256 of the body ({@link JsonEventDecoder.Builder#signedHeaders(String...)}).
 *
 * <p><b>In a unit test</b>, verify a captured request the same way for every provider, through the
 * source's verifier:
 *
 * <pre>{@code
 * WebhookRequest request = HmacPresets.yoco().signer(secret).request(body, now, "msg_1");
 * HmacPresets.yoco().source(secret).verifier().verify(request, now);   // or WebhookVerificationException
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HmacWebhooks {

    private final String provider;
    private final HmacScheme scheme;
    private final List<Consumer<JsonEventDecoder.Builder>> events;
    private final Tolerance tolerance;
    private final boolean idempotencyKeyFromMessageId;

    private HmacWebhooks(Definition d, Tolerance tolerance) {
        this.provider = d.provider;
        this.scheme = d.scheme;
        this.events = List.copyOf(d.events);
        this.tolerance = tolerance;
        this.idempotencyKeyFromMessageId = d.idempotencyKeyFromMessageId;
    }

    /**
     * Describes a provider without a preset.
     *
     * @param provider the provider's short name ({@code "acme"}); scopes idempotency keys
     * @return a new definition; the envelope defaults to id {@code /id}, type {@code /type}, data {@code /data}
     */
    public static Definition define(String provider) {
        return new Definition(provider);
    }

    /**
     * A definition holding this provider's settings, to change a preset's (its scheme, envelope or
     * default tolerance).
     *
     * @return a new definition
     */
    public Definition redefine() {
        Definition d = new Definition(provider);
        d.scheme = scheme;
        d.events.addAll(events);
        d.tolerance = tolerance;
        d.idempotencyKeyFromMessageId = idempotencyKeyFromMessageId;
        return d;
    }

    /**
     * A source verifying with a fixed set of secrets (give several during a rotation).
     *
     * @param secrets the secrets as the provider shows them; for schemes with Ed25519 entries
     *                also {@code whpk_} public keys
     * @return the source
     * @throws IllegalArgumentException when a secret is unusable for the scheme
     */
    public WebhookSource source(String... secrets) {
        return builder().secrets(secrets).build();
    }

    /**
     * A source verifying with the secrets a resolver finds (rotating or per tenant). Fixed secrets
     * are validated now; a per-request secret that turns out unusable is skipped (and logged).
     *
     * @param secrets the resolver
     * @return the source
     * @throws IllegalArgumentException when a fixed secret is unusable for the scheme
     */
    public WebhookSource source(SecretResolver secrets) {
        return builder().secretResolver(secrets).build();
    }

    /**
     * A builder for the source: secrets, rotation, tenants, tolerance and JSON limits, as for every
     * provider ({@link WebhookSourceBuilder}).
     *
     * @return a new builder, with this provider's tolerance as its default
     */
    public Builder builder() {
        return new Builder(this);
    }

    /**
     * A signer for tests and tools: signs bodies with HMAC secrets as the provider would
     * ({@link HmacScheme#signer(String...)}).
     *
     * @param secrets one secret, or several for a header with several entries (a rotation)
     * @return the signer
     * @throws IllegalArgumentException when a secret is unusable, or several are given for a
     *         scheme whose header holds one entry
     */
    public WebhookSigner signer(String... secrets) {
        return scheme.signer(secrets);
    }

    /**
     * The provider's short name.
     *
     * @return e.g. {@code "yoco"}
     */
    public String provider() {
        return provider;
    }

    /**
     * The signature scheme.
     *
     * @return the scheme
     */
    public HmacScheme scheme() {
        return scheme;
    }

    /**
     * The default timestamp tolerance of this provider's sources.
     *
     * @return the tolerance; disabled exactly when the scheme signs no timestamp
     */
    public Tolerance tolerance() {
        return tolerance;
    }

    private EventDecoder decoder(JsonLimits limits) {
        JsonEventDecoder.Builder envelope = JsonEventDecoder.builder(provider);
        events.forEach(step -> step.accept(envelope));
        List<String> ids = scheme.messageIdHeaders();
        String[] alternates = ids.isEmpty() ? new String[0] : ids.subList(1, ids.size()).toArray(String[]::new);
        // Only a message id the signature covers may key deduplication; unsigned headers are replaced
        // by the body's digest inside the decoder.
        envelope.signedHeaders(scheme.signsMessageId() ? ids.toArray(String[]::new) : new String[0]);
        if (scheme.signsMessageId() && idempotencyKeyFromMessageId) {
            envelope.idempotencyKeyFromHeader(ids.get(0), alternates);
        }
        return envelope.limits(limits).build();
    }

    @Override
    public String toString() {
        return "HmacWebhooks[" + provider + ", " + scheme + ", " + tolerance + "]";
    }

    /**
     * Builds an {@link HmacWebhooks}: a provider's scheme, envelope and default tolerance. Not
     * thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Definition {
        private String provider;
        private HmacScheme scheme;
        private final List<Consumer<JsonEventDecoder.Builder>> events = new ArrayList<>();
        private Tolerance tolerance;
        private boolean idempotencyKeyFromMessageId = true;

        private Definition(String provider) {
            provider(provider);
        }

        /**
         * The provider's short name, stored in every event and scoping idempotency keys.
         *
         * @param provider e.g. {@code "acme"}
         * @return this definition
         */
        public Definition provider(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider must name the provider, e.g. \"acme\"");
            }
            this.provider = provider;
            return this;
        }

        /**
         * The signature scheme (required).
         *
         * @param scheme the scheme
         * @return this definition
         */
        public Definition scheme(HmacScheme scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /**
         * Describes the event envelope with core's {@link JsonEventDecoder.Builder}: where the id,
         * type, creation time, mode and data are, as JSON pointers or header names. Each call adds to
         * what earlier calls (or the preset) described:
         * {@code events(envelope -> envelope.id("/event/id").type("/event/name").attribute("shop", "/shop"))}.
         *
         * @param envelope applied to the decoder's builder, in order
         * @return this definition
         */
        public Definition events(Consumer<JsonEventDecoder.Builder> envelope) {
            events.add(Objects.requireNonNull(envelope, "envelope"));
            return this;
        }

        /**
         * The default tolerance of the sources (default 5 minutes both ways for schemes that sign a
         * timestamp). A scheme without a timestamp takes
         * {@link Tolerance#disabledForSchemesWithoutTimestamps()}; one with a timestamp cannot turn
         * the check off.
         *
         * @param tolerance the tolerance
         * @return this definition
         */
        public Definition tolerance(Tolerance tolerance) {
            this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
            return this;
        }

        /**
         * Whether a signed message id is the idempotency key (default {@code true}; Standard
         * Webhooks asks receivers to deduplicate by {@code webhook-id}). With {@code false} the
         * event id is.
         *
         * @param enabled whether to deduplicate by the message id
         * @return this definition
         */
        public Definition idempotencyKeyFromMessageId(boolean enabled) {
            this.idempotencyKeyFromMessageId = enabled;
            return this;
        }

        /**
         * The provider.
         *
         * @return an immutable provider
         * @throws IllegalStateException when no scheme was given or the tolerance does not fit it
         * @throws IllegalArgumentException when the envelope names an unusable JSON pointer
         */
        public HmacWebhooks build() {
            if (scheme == null) {
                throw new IllegalStateException("the " + provider + " provider needs scheme(HmacScheme.builder()...build())");
            }
            Tolerance effective = tolerance;
            if (effective == null) {
                effective = scheme.signsTimestamp() ? Tolerance.of(Duration.ofMinutes(5))
                        : Tolerance.disabledForSchemesWithoutTimestamps();
            } else if (scheme.signsTimestamp() && !effective.isEnabled()) {
                throw new IllegalStateException("the " + provider + " scheme signs a timestamp, so its tolerance cannot be"
                        + " disabled; use Tolerance.of(...) (disabledForSchemesWithoutTimestamps() is for schemes without one)");
            } else if (!scheme.signsTimestamp() && effective.isEnabled()) {
                throw new IllegalStateException("the " + provider + " scheme has no timestamp to check; use"
                        + " Tolerance.disabledForSchemesWithoutTimestamps() or give the scheme a timestamp");
            }
            HmacWebhooks webhooks = new HmacWebhooks(this, effective);
            // Fail now on an unusable envelope rather than at the first delivery.
            webhooks.decoder(JsonLimits.defaults());
            return webhooks;
        }
    }

    /**
     * Builds a {@link WebhookSource} for an {@link HmacWebhooks} provider; secrets, tolerance and JSON
     * limits are set as for every provider ({@link WebhookSourceBuilder}). Standard Webhooks
     * secrets may be {@code whsec_} HMAC secrets or {@code whpk_} Ed25519 public keys, mixed; a
     * {@code whsk_} private key is refused. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends WebhookSourceBuilder<Builder, Object> {
        private final HmacWebhooks webhooks;

        private Builder(HmacWebhooks webhooks) {
            super(webhooks.provider, secret -> SchemeKeys.decode(webhooks.scheme, secret), webhooks.tolerance,
                    "the " + webhooks.provider + " signing secret exactly as the provider shows it");
            this.webhooks = webhooks;
        }

        /**
         * The source.
         *
         * @return an immutable source named after the provider
         * @throws IllegalStateException when no secret and no resolver were configured
         * @throws IllegalArgumentException when a fixed secret of the resolver is unusable
         */
        @Override
        public WebhookSource build() {
            return new WebhookSource(webhooks.provider,
                    new HmacVerifier(webhooks.provider, webhooks.scheme, signingKeys(), configuredTolerance()),
                    webhooks.decoder(configuredJsonLimits()));
        }
    }
}
