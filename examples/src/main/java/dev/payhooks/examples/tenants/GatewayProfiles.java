package dev.payhooks.examples.tenants;

import dev.payhooks.TenantKey;
import dev.payhooks.WebhookSecret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands for the merchant platform's table of gateway profiles: each merchant has
 * gateway profiles, each profile has its own webhook signing secret, pasted in by the merchant,
 * and during a roll the old secret stays valid for Stripe's 24-hour grace period.
 *
 * <p>Thread-safe. In a real platform this is a database lookup; the receiver answers 503 (and
 * Stripe retries) when the lookup throws.
 */
public final class GatewayProfiles {

    /** How long Stripe keeps accepting the old secret after a roll. */
    public static final Duration ROLL_GRACE = Duration.ofHours(24);

    private final Map<String, List<WebhookSecret>> secrets = new ConcurrentHashMap<>();

    /** An empty registry. */
    public GatewayProfiles() {
    }

    /**
     * The tenant id the receiver uses: merchant and profile joined by a slash (a slash inside
     * either id percent-encoded), as {@code TenantKey.queryParameters("merchantId", "gatewayProfileId")}
     * extracts it.
     *
     * @param merchantId the merchant
     * @param gatewayProfileId the gateway profile
     * @return the tenant id
     */
    public static String tenant(String merchantId, String gatewayProfileId) {
        return TenantKey.joined(merchantId, gatewayProfileId);
    }

    /**
     * Saves the verification key a merchant pasted into a gateway profile.
     *
     * @param merchantId the merchant
     * @param gatewayProfileId the profile
     * @param signingSecret the endpoint's signing secret ({@code whsec_...})
     */
    public void save(String merchantId, String gatewayProfileId, String signingSecret) {
        secrets.put(tenant(merchantId, gatewayProfileId), List.of(WebhookSecret.of(signingSecret)));
    }

    /**
     * Records a roll: the new secret, and the current one until the grace period ends.
     *
     * @param merchantId the merchant
     * @param gatewayProfileId the profile
     * @param newSecret the new signing secret
     * @param rolledAt when the merchant rolled the secret in the Stripe dashboard
     * @throws IllegalStateException when the profile has no secret yet
     */
    public void roll(String merchantId, String gatewayProfileId, String newSecret, Instant rolledAt) {
        String tenant = tenant(merchantId, gatewayProfileId);
        List<WebhookSecret> current = secrets.get(tenant);
        if (current == null) {
            throw new IllegalStateException("gateway profile " + tenant + " has no secret to roll; save one first");
        }
        WebhookSecret old = WebhookSecret.of(current.get(0).value(), rolledAt.plus(ROLL_GRACE));
        secrets.put(tenant, List.of(WebhookSecret.of(newSecret), old));
    }

    /**
     * The secrets of a tenant, for {@code SecretResolver.perTenant}.
     *
     * @param tenant the tenant id
     * @return the secrets; empty for an unknown tenant (answered 404)
     */
    public List<WebhookSecret> secretsOf(String tenant) {
        return secrets.getOrDefault(Objects.requireNonNull(tenant, "tenant"), List.of());
    }
}
