package dev.payhooks;

import dev.payhooks.internal.FixedSecretResolver;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the secrets to try for one request: a static set, a rotating set (each secret with an
 * optional not-after instant), or a per-tenant lookup.
 *
 * <pre>{@code
 * SecretResolver single = SecretResolver.of("whsec_...");
 * SecretResolver rotating = SecretResolver.of(List.of(
 *         WebhookSecret.of(current), WebhookSecret.of(previous, rollEndsAt)));
 * SecretResolver perProfile = SecretResolver.perTenant(
 *         TenantKey.queryParameters("merchant", "profile"),
 *         tenant -> secretsRepository.find(tenant));   // empty -> 404
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The secrets for this request.
     *
     * @param request the (not yet verified) request
     * @return the secrets, with the tenant they belong to
     * @throws WebhookVerificationException with {@link RejectionReason#UNKNOWN_TENANT} when the
     *         request names no tenant or one without secrets
     * @throws WebhookUnavailableException when the lookup's backing store fails
     */
    ResolvedSecrets resolve(WebhookRequest request);

    /**
     * A fixed set of secrets (during a rotation, give the old and the new one).
     *
     * @param secrets one or more secrets, as the provider shows them
     * @return the resolver
     */
    static SecretResolver of(String... secrets) {
        return of(Arrays.stream(secrets).map(WebhookSecret::of).toList());
    }

    /**
     * A fixed set of secrets, each possibly with a not-after instant.
     *
     * @param secrets one or more secrets
     * @return the resolver
     */
    static SecretResolver of(Collection<WebhookSecret> secrets) {
        ResolvedSecrets resolved = ResolvedSecrets.of(secrets);
        return new FixedSecretResolver(resolved);
    }

    /**
     * Secrets per tenant. The lookup returns the tenant's secrets, or an empty collection for an
     * unknown tenant (answered 404). A lookup that throws is treated as unavailable (503), so the
     * provider retries.
     *
     * @param key where the request names its tenant
     * @param lookup tenant to secrets; called on every request, so cache if it is slow
     * @return the resolver
     */
    static SecretResolver perTenant(TenantKey key, Function<String, ? extends Collection<WebhookSecret>> lookup) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lookup, "lookup");
        return request -> {
            String tenant = key.tenantOf(request).orElseThrow(() -> new WebhookVerificationException(
                    RejectionReason.UNKNOWN_TENANT, "the request does not name a tenant in " + key));
            Collection<WebhookSecret> secrets;
            try {
                secrets = lookup.apply(tenant);
            } catch (RuntimeException e) {
                throw new WebhookUnavailableException("the secret lookup for a tenant failed", e);
            }
            if (secrets == null || secrets.isEmpty()) {
                throw new WebhookVerificationException(RejectionReason.UNKNOWN_TENANT,
                        "no secrets are configured for the tenant named by " + key);
            }
            return ResolvedSecrets.of(tenant, secrets);
        };
    }

    /**
     * The secrets when they do not depend on the request, for validating them once at build time.
     *
     * @return the fixed secrets, or empty for per-request resolvers
     */
    default List<WebhookSecret> fixedSecrets() {
        return List.of();
    }
}
