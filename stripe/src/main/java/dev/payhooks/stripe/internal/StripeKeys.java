package dev.payhooks.stripe.internal;

import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stripe's key rule and a small cache of initialised keys.
 *
 * <p>Stripe keys the HMAC with the whole signing secret, {@code whsec_} prefix included, as UTF-8
 * bytes (docs.stripe.com/webhooks, "Verify manually", step 3; every official SDK does the same). This
 * differs from Standard Webhooks, which strips the prefix and base64-decodes the rest.
 */
public final class StripeKeys {

    /** Per-tenant resolvers hand out many secrets; beyond this the cache starts over. */
    private static final int MAX_CACHED_KEYS = 1024;

    private final Map<String, HmacKey> cache = new ConcurrentHashMap<>();

    /**
     * The HMAC key for a secret.
     *
     * @param secret the secret exactly as Stripe shows it
     * @return the key
     */
    public static HmacKey keyOf(String secret) {
        return HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Rejects text that is certainly not a webhook signing secret. Pasting an API key where the
     * signing secret belongs is a common mistake; it would reject every delivery with a
     * signature mismatch, so it is reported at build time instead.
     *
     * @param secret the configured secret
     * @throws IllegalArgumentException when the text is an API key
     */
    public static void checkPlausible(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        for (String apiKeyPrefix : List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_")) {
            if (lower.startsWith(apiKeyPrefix)) {
                throw new IllegalArgumentException("the Stripe webhook secret looks like an API key (" + apiKeyPrefix
                        + "...); use the endpoint's signing secret (whsec_...) from Dashboard > Developers > Webhooks");
            }
        }
    }

    /**
     * The key for a secret, initialised once and reused.
     *
     * @param secret the secret
     * @return the key
     */
    public HmacKey cached(WebhookSecret secret) {
        HmacKey key = cache.get(secret.value());
        if (key == null) {
            if (cache.size() >= MAX_CACHED_KEYS) {
                cache.clear();
            }
            key = cache.computeIfAbsent(secret.value(), StripeKeys::keyOf);
        }
        return key;
    }

    @Override
    public String toString() {
        return "StripeKeys[" + cache.size() + " cached]";
    }
}
