package dev.payhooks.spi;

import dev.payhooks.RejectionReason;
import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the keys for a request: asks the {@link SecretResolver}, keeps the secrets active at the
 * instant of verification, and turns each into the provider's key type once. Every verifier in
 * payhooks gets its keys here, so secret lookup has one error contract whatever the provider:
 *
 * <ul>
 *   <li>the request names no tenant, or one without secrets: the resolver's
 *       {@link WebhookVerificationException} with {@link RejectionReason#UNKNOWN_TENANT} (404);</li>
 *   <li>the resolver throws anything else, or returns {@code null}: {@link WebhookUnavailableException}
 *       (503, so the provider retries once the secret store is back);</li>
 *   <li>every secret has passed its not-after instant: {@link RejectionReason#NO_ACTIVE_SECRET};</li>
 *   <li>a secret the scheme cannot use (not base64 where base64 is expected, an API key where the
 *       signing secret belongs) is skipped and logged once at WARN; when no active secret is
 *       usable, {@link WebhookUnavailableException}: a configuration fault, answered 503 so the
 *       delivery succeeds on a retry after the secret is fixed.</li>
 * </ul>
 *
 * <p>Fixed secrets ({@link SecretResolver#fixedSecrets()}) are decoded when the keys are created, so
 * an unusable one fails at start-up. Secrets resolved per request are decoded on first use and
 * cached (at most {@value #MAX_CACHED_KEYS}; the cache starts over when full).
 *
 * <pre>{@code
 * SigningKeys<HmacKey> keys = SigningKeys.of("acme", SecretResolver.of(secret),
 *         text -> HmacKey.of(HmacAlgorithm.SHA256, text.getBytes(StandardCharsets.UTF_8)));
 * ActiveKeys<HmacKey> active = keys.activeAt(request, now);
 * if (HmacKey.indexOfMatchingKey(active.keys(), prefix, request, candidates) < 0) { ... }
 * return active.verified();
 * }</pre>
 *
 * <p>Thread-safe. {@link #toString()} never shows a secret or key.
 *
 * @param <K> the provider's key type
 * @since 0.1.0
 */
public final class SigningKeys<K> {

    /** The most per-request keys kept decoded. */
    public static final int MAX_CACHED_KEYS = 1024;

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final String provider;
    private final SecretResolver resolver;
    private final Function<String, ? extends K> decoder;
    private final Map<String, K> fixed;
    private final Map<String, Decoded<K>> cache = new ConcurrentHashMap<>();

    private SigningKeys(String provider, SecretResolver resolver, Function<String, ? extends K> decoder, Map<String, K> fixed) {
        this.provider = provider;
        this.resolver = resolver;
        this.decoder = decoder;
        this.fixed = fixed;
    }

    /**
     * Keys for a provider.
     *
     * @param provider the provider's short name, for messages ({@code "stripe"})
     * @param resolver where the secrets come from
     * @param decoder turns a secret, as the provider shows it, into a key; throws
     *                {@link IllegalArgumentException} with a message that says why the secret is
     *                unusable and never contains it
     * @param <K> the key type
     * @return the keys
     * @throws IllegalArgumentException when a fixed secret is unusable (the message names it by
     *         position, never by value)
     */
    public static <K> SigningKeys<K> of(String provider, SecretResolver resolver, Function<String, ? extends K> decoder) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(decoder, "decoder");
        List<WebhookSecret> secrets = resolver.fixedSecrets();
        Map<String, K> fixed = new HashMap<>();
        for (int i = 0; i < secrets.size(); i++) {
            String value = secrets.get(i).value();
            try {
                fixed.put(value, Objects.requireNonNull(decoder.apply(value), "the key decoder returned null"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + provider + " webhook secret " + (i + 1) + " of " + secrets.size()
                        + " is unusable: " + e.getMessage());
            }
        }
        return new SigningKeys<>(provider, resolver, decoder, Map.copyOf(fixed));
    }

    /**
     * Decodes the secrets a signer signs with, in order: for a provider module's {@link WebhookSigner}.
     *
     * @param provider the provider's short name, for messages
     * @param secrets the secrets exactly as the provider shows them; at least one
     * @param decoder as for {@link #of(String, SecretResolver, Function)}
     * @param <K> the key type
     * @return the keys, unmodifiable
     * @throws IllegalArgumentException when no secret is given, or one is empty, padded with
     *         whitespace or unusable (named by position, never by value)
     */
    public static <K> List<K> decodeEach(String provider, List<String> secrets, Function<String, ? extends K> decoder) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give at least one " + provider + " signing secret to sign with");
        }
        List<K> keys = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String value = WebhookSecret.of(Objects.requireNonNull(secrets.get(i), "secret")).value();
            try {
                keys.add(Objects.requireNonNull(decoder.apply(value), "the key decoder returned null"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + provider + " signing secret " + (i + 1) + " of " + secrets.size()
                        + " is unusable: " + e.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The resolver the secrets come from.
     *
     * @return the resolver
     */
    public SecretResolver resolver() {
        return resolver;
    }

    /**
     * The usable keys of the secrets active at {@code now} for this request.
     *
     * @param request the (not yet verified) request
     * @param now the instant of verification
     * @return the keys, never empty
     * @throws WebhookVerificationException {@link RejectionReason#UNKNOWN_TENANT} from the resolver,
     *         or {@link RejectionReason#NO_ACTIVE_SECRET} when every secret has expired
     * @throws WebhookUnavailableException when the resolver fails, or no active secret is usable
     */
    public ActiveKeys<K> activeAt(WebhookRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        ResolvedSecrets resolved = resolve(request);
        List<WebhookSecret> active = resolved.activeAt(now);
        String tenant = resolved.tenant().orElse(null);
        List<K> keys = new ArrayList<>(active.size());
        String problem = null;
        for (WebhookSecret secret : active) {
            K key = fixed.get(secret.value());
            if (key == null) {
                Decoded<K> decoded = decoded(secret.value(), tenant);
                key = decoded.key;
                problem = decoded.key == null ? decoded.problem : problem;
            }
            if (key != null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            throw new WebhookUnavailableException("none of the " + active.size() + " active " + provider + " secret(s)"
                    + (tenant == null ? "" : " of tenant '" + tenant + "'") + " is usable (" + problem
                    + "); fix the secret where the resolver reads it: the provider's retry will then verify", null);
        }
        return new ActiveKeys<>(tenant, keys);
    }

    private ResolvedSecrets resolve(WebhookRequest request) {
        ResolvedSecrets resolved;
        try {
            resolved = resolver.resolve(request);
        } catch (WebhookException e) {
            throw e;
        } catch (RuntimeException e) {
            // Only the WebhookException family may leave a verifier: a lookup that fails (its
            // database is down) cannot be made now, so the provider should retry.
            throw new WebhookUnavailableException("the " + provider + " secret lookup failed with " + e.getClass().getName(), e);
        }
        if (resolved == null) {
            throw new WebhookUnavailableException("the " + provider + " secret resolver returned null; return secrets, or throw"
                    + " WebhookVerificationException(UNKNOWN_TENANT) for an unknown tenant", null);
        }
        return resolved;
    }

    private Decoded<K> decoded(String secret, String tenant) {
        Decoded<K> decoded = cache.get(secret);
        if (decoded != null) {
            return decoded;
        }
        try {
            decoded = new Decoded<>(Objects.requireNonNull(decoder.apply(secret), "the key decoder returned null"), null);
        } catch (IllegalArgumentException e) {
            decoded = new Decoded<>(null, e.getMessage());
            // Logged once per secret (the verdict is cached): the delivery itself goes on with the
            // tenant's other secrets, or is answered 503 when there is none.
            log.warn("payhooks {}: a secret{} is unusable and is skipped: {}", provider,
                    tenant == null ? "" : " of tenant '" + tenant + "'", e.getMessage());
        }
        if (cache.size() >= MAX_CACHED_KEYS) {
            cache.clear();
        }
        Decoded<K> raced = cache.putIfAbsent(secret, decoded);
        return raced != null ? raced : decoded;
    }

    @Override
    public String toString() {
        return "SigningKeys[" + provider + ", " + resolver + "]";
    }

    /** A decoded key, or why the secret is unusable. */
    private record Decoded<K>(K key, String problem) {
    }
}
