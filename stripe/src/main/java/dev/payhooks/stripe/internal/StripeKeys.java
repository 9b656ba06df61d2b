package dev.payhooks.stripe.internal;

import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Stripe's key rule. Stripe keys the HMAC with the whole signing secret, {@code whsec_} prefix
 * included, as UTF-8 bytes (docs.stripe.com/webhooks, "Verify manually", step 3; every official
 * SDK does the same). This differs from Standard Webhooks, which strips the prefix and
 * base64-decodes the rest.
 */
public final class StripeKeys {

    private static final List<String> API_KEY_PREFIXES = List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_");

    private StripeKeys() {
    }

    /**
     * The HMAC key for a secret. Pasting an API key where the signing secret belongs is a common
     * mistake that would reject every delivery with a signature mismatch, so it is refused here:
     * at build time for configured secrets, and as an unusable secret for resolved ones.
     *
     * @param secret the secret exactly as Stripe shows it
     * @return the key
     * @throws IllegalArgumentException when the text is an API key
     */
    public static HmacKey decode(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        for (String apiKeyPrefix : API_KEY_PREFIXES) {
            if (lower.startsWith(apiKeyPrefix)) {
                throw new IllegalArgumentException("it looks like an API key (" + apiKeyPrefix
                        + "...); use the endpoint's signing secret (whsec_...) from Dashboard > Developers > Webhooks");
            }
        }
        return HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
    }
}
