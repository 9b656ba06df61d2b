package dev.payhooks.spi;

import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookSecret;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every provider's source builder has in common: the secrets (fixed, expiring or per tenant),
 * the timestamp tolerance and the JSON limits. Each provider module's builder extends it
 * ({@code StripeWebhooks.builder()}, {@code OmiseWebhooks.builder()}, ...), so configuring any
 * provider reads the same:
 *
 * <pre>{@code
 * WebhookSource source = StripeWebhooks.builder()
 *         .secret(WebhookSecret.of(newSecret))
 *         .secret(oldSecret, rollEndsAt)                       // accepted until the roll ends
 *         .tolerance(Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30)))
 *         .build();
 * WebhookSource perTenant = OmiseWebhooks.builder()
 *         .secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("merchant"), vault::omiseSecrets))
 *         .build();
 * }</pre>
 *
 * <p>Each setter checks its argument at once: a secret the provider's scheme cannot use is refused
 * when it is added, with a message that names it by position, never by value. Not thread-safe; the
 * sources built are immutable and thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <K> the provider's key type
 * @since 0.1.0
 */
public abstract class WebhookSourceBuilder<B extends WebhookSourceBuilder<B, K>, K> {

    private final String provider;
    private final Function<String, ? extends K> keyDecoder;
    private final boolean signsTimestamp;
    private final String secretHint;
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private SecretResolver resolver;
    private Tolerance tolerance;
    private JsonLimits limits = JsonLimits.defaults();

    /**
     * For provider modules.
     *
     * @param provider the provider's short name ({@code "stripe"}), for messages
     * @param keyDecoder turns a secret into a key; throws {@link IllegalArgumentException} with a
     *                   message that says why a secret is unusable and never contains it
     * @param defaultTolerance the tolerance when none is set; disabled only for schemes that sign no timestamp
     * @param secretHint where the merchant finds the secret, for the message when none was given
     *                   ({@code "the endpoint's whsec_... secret from Dashboard > Developers > Webhooks"})
     */
    protected WebhookSourceBuilder(String provider, Function<String, ? extends K> keyDecoder, Tolerance defaultTolerance,
                                   String secretHint) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.keyDecoder = Objects.requireNonNull(keyDecoder, "keyDecoder");
        this.tolerance = Objects.requireNonNull(defaultTolerance, "defaultTolerance");
        this.signsTimestamp = defaultTolerance.isEnabled();
        this.secretHint = Objects.requireNonNull(secretHint, "secretHint");
    }

    /**
     * Adds signing secrets without an end. During a rotation give the new and the old one.
     *
     * @param secrets the secrets exactly as the provider shows them
     * @return this builder
     * @throws IllegalArgumentException when a secret is null (typically an unset environment
     *         variable), empty, padded with whitespace, or unusable for this provider
     * @throws IllegalStateException when a {@link #secretResolver(SecretResolver)} was set
     */
    public final B secrets(String... secrets) {
        Objects.requireNonNull(secrets, "secrets");
        for (String secret : secrets) {
            if (secret == null) {
                throw new IllegalArgumentException("a " + provider + " signing secret is null; is the environment variable"
                        + " or setting that should hold " + secretHint + " set?");
            }
            secret(WebhookSecret.of(secret));
        }
        return self();
    }

    /**
     * Adds a secret accepted until {@code notAfter}: the old secret while the provider rolls it.
     *
     * @param secret the secret exactly as the provider shows it
     * @param notAfter the last instant it is accepted
     * @return this builder
     * @throws IllegalArgumentException when the secret is empty, padded or unusable for this provider
     * @throws IllegalStateException when a {@link #secretResolver(SecretResolver)} was set
     */
    public final B secret(String secret, Instant notAfter) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(notAfter, "notAfter");
        return secret(WebhookSecret.of(secret, notAfter));
    }

    /**
     * Adds one secret, possibly with a not-after instant.
     *
     * @param secret the secret
     * @return this builder
     * @throws IllegalArgumentException when the secret is unusable for this provider
     * @throws IllegalStateException when a {@link #secretResolver(SecretResolver)} was set
     */
    public final B secret(WebhookSecret secret) {
        Objects.requireNonNull(secret, "secret");
        if (resolver != null) {
            throw new IllegalStateException("secretResolver(...) was already set; give either secrets or a resolver"
                    + " (a resolver can return a fixed set too: SecretResolver.of(...))");
        }
        try {
            keyDecoder.apply(secret.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + provider + " webhook secret " + (secrets.size() + 1)
                    + " (counting from 1) is unusable: " + e.getMessage());
        }
        secrets.add(secret);
        return self();
    }

    /**
     * Adds secrets, each possibly with a not-after instant.
     *
     * @param secrets the secrets
     * @return this builder
     * @throws IllegalArgumentException when a secret is unusable for this provider
     * @throws IllegalStateException when a {@link #secretResolver(SecretResolver)} was set
     */
    public final B secrets(Collection<WebhookSecret> secrets) {
        Objects.requireNonNull(secrets, "secrets").forEach(this::secret);
        return self();
    }

    /**
     * Looks the secrets up per request instead (per merchant, per gateway profile, ...), e.g.
     * {@code SecretResolver.perTenant(TenantKey.queryParameters("merchant", "profile"), lookup)}. An
     * unknown tenant is answered 404; a failing lookup 503, so the provider retries. Fixed secrets
     * of the resolver are checked at {@link #build()}.
     *
     * @param resolver the resolver
     * @return this builder
     * @throws IllegalStateException when secrets were already added
     */
    public final B secretResolver(SecretResolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        if (!secrets.isEmpty()) {
            throw new IllegalStateException("secrets were already added; give either secrets or a SecretResolver"
                    + " (a resolver can return a fixed set too: SecretResolver.of(...))");
        }
        this.resolver = resolver;
        return self();
    }

    /**
     * The same timestamp window into the past and the future.
     *
     * @param window at least one second
     * @return this builder
     * @throws IllegalArgumentException when the window is under a second, or this provider signs no timestamp
     */
    public final B tolerance(Duration window) {
        return tolerance(Tolerance.of(window));
    }

    /**
     * The timestamp tolerance, e.g. {@code Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30))}
     * for less room into the future.
     *
     * @param tolerance the tolerance; disabled only for schemes that sign no timestamp
     * @return this builder
     * @throws IllegalArgumentException when it does not fit the scheme (a disabled check on a
     *         scheme that signs a timestamp, or the reverse)
     */
    public final B tolerance(Tolerance tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (signsTimestamp && !tolerance.isEnabled()) {
            throw new IllegalArgumentException(provider + " signs a timestamp into every signature, so the timestamp check"
                    + " cannot be disabled; give a wider tolerance instead, e.g. Tolerance.of(Duration.ofMinutes(10))");
        }
        if (!signsTimestamp && tolerance.isEnabled()) {
            throw new IllegalArgumentException(provider + " signs no timestamp, so there is none to check; replays are"
                    + " caught by the idempotency store alone");
        }
        this.tolerance = tolerance;
        return self();
    }

    /**
     * The JSON limits of the event decoder (default {@link JsonLimits#defaults()}).
     *
     * @param limits the limits
     * @return this builder
     */
    public final B jsonLimits(JsonLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return self();
    }

    /**
     * The source.
     *
     * @return an immutable, thread-safe source
     * @throws IllegalStateException when neither secrets nor a resolver were given
     * @throws IllegalArgumentException when a fixed secret of the resolver is unusable
     */
    public abstract WebhookSource build();

    /**
     * The keys of the configured secrets or resolver, for {@link #build()}.
     *
     * @return the keys
     * @throws IllegalStateException when neither secrets nor a resolver were given
     * @throws IllegalArgumentException when a fixed secret of the resolver is unusable
     */
    protected final SigningKeys<K> signingKeys() {
        if (resolver == null && secrets.isEmpty()) {
            throw new IllegalStateException("no " + provider + " signing secret configured; pass " + secretHint
                    + ", or secretResolver(...) for per-tenant secrets");
        }
        return SigningKeys.of(provider, resolver != null ? resolver : SecretResolver.of(List.copyOf(secrets)), keyDecoder);
    }

    /**
     * The tolerance set, or the provider's default.
     *
     * @return the tolerance
     */
    protected final Tolerance configuredTolerance() {
        return tolerance;
    }

    /**
     * The JSON limits set, or the defaults.
     *
     * @return the limits
     */
    protected final JsonLimits configuredJsonLimits() {
        return limits;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + provider + ", " + secrets.size() + " secret(s)"
                + (resolver == null ? "" : ", resolver") + ", " + tolerance + "]";
    }
}
