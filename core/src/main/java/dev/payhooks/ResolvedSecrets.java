package dev.payhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets a {@link SecretResolver} found for one request, with the tenant they belong to.
 * Immutable.
 *
 * @since 0.1.0
 */
public final class ResolvedSecrets {

    private final String tenant;
    private final List<WebhookSecret> secrets;

    private ResolvedSecrets(String tenant, List<WebhookSecret> secrets) {
        this.tenant = tenant;
        this.secrets = secrets;
    }

    /**
     * Secrets of an endpoint without tenants.
     *
     * @param secrets at least one secret
     * @return the resolved secrets
     */
    public static ResolvedSecrets of(Collection<WebhookSecret> secrets) {
        return of(null, secrets);
    }

    /**
     * Secrets of one tenant.
     *
     * @param tenant the tenant, or {@code null}
     * @param secrets at least one secret
     * @return the resolved secrets
     */
    public static ResolvedSecrets of(String tenant, Collection<WebhookSecret> secrets) {
        List<WebhookSecret> copy = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        return new ResolvedSecrets(tenant, copy);
    }

    /**
     * The tenant.
     *
     * @return the tenant, or empty for single-tenant endpoints
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * All secrets, active or not.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<WebhookSecret> all() {
        return secrets;
    }

    /**
     * The secrets accepted at {@code now}.
     *
     * @param now the instant of verification
     * @return the active secrets, possibly empty
     * @throws WebhookVerificationException with {@link RejectionReason#NO_ACTIVE_SECRET} when none is active
     */
    public List<WebhookSecret> activeAt(Instant now) {
        boolean allActive = true;
        for (WebhookSecret secret : secrets) {
            allActive &= secret.isActiveAt(now);
        }
        if (allActive) {
            return secrets;
        }
        List<WebhookSecret> active = new ArrayList<>(secrets.size());
        for (WebhookSecret secret : secrets) {
            if (secret.isActiveAt(now)) {
                active.add(secret);
            }
        }
        if (active.isEmpty()) {
            throw new WebhookVerificationException(RejectionReason.NO_ACTIVE_SECRET,
                    "every configured secret" + (tenant == null ? "" : " of tenant '" + tenant + "'")
                            + " has passed its not-after instant; configure the current signing secret");
        }
        return List.copyOf(active);
    }

    @Override
    public String toString() {
        return "ResolvedSecrets[tenant=" + tenant + ", secrets=" + secrets.size() + "]";
    }
}
