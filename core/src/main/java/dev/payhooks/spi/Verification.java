package dev.payhooks.spi;

import java.util.Optional;

/**
 * What a successful verification established. Immutable.
 *
 * @since 0.1.0
 */
public final class Verification {

    private static final Verification WITHOUT_TENANT = new Verification(null);

    private final String tenant;

    private Verification(String tenant) {
        this.tenant = tenant;
    }

    /**
     * A verification for an endpoint without tenants.
     *
     * @return the shared instance
     */
    public static Verification verified() {
        return WITHOUT_TENANT;
    }

    /**
     * A verification with the tenant whose secret matched.
     *
     * @param tenant the tenant, or {@code null} when the endpoint has none
     * @return the verification
     */
    public static Verification forTenant(String tenant) {
        return tenant == null ? WITHOUT_TENANT : new Verification(tenant);
    }

    /**
     * The tenant whose secret matched.
     *
     * @return the tenant, or empty for single-tenant endpoints
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    @Override
    public String toString() {
        return "Verification[tenant=" + tenant + "]";
    }
}
