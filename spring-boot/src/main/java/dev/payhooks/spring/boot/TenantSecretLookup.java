package dev.payhooks.spring.boot;

import dev.payhooks.WebhookSecret;

import java.util.Collection;

/**
 * A bean that finds a tenant's signing secrets, for endpoints that name their tenant in the request
 * ({@code payhooks.endpoints.<name>.tenant.query-parameters} or {@code .tenant.header}): a
 * gateway that gives each merchant profile its own secret, looked up in the application's own
 * database. Called on every delivery, so cache if the lookup is slow.
 *
 * <p>An empty collection means an unknown tenant (answered 404); a lookup that throws is answered
 * 503, so the provider retries.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TenantSecretLookup {

    /**
     * The secrets of one tenant.
     *
     * @param endpoint the endpoint's name, as in {@code payhooks.endpoints.<name>}
     * @param tenant the tenant named by the request (query parameter values joined as
     *               {@link dev.payhooks.TenantKey#queryParameters(String...)} describes, or the header's value)
     * @return the tenant's secrets; empty for an unknown tenant
     */
    Collection<WebhookSecret> secrets(String endpoint, String tenant);
}
