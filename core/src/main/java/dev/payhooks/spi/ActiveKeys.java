package dev.payhooks.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decoded keys a verifier checks one request against: every secret that is active at the
 * instant of verification and usable for the provider's scheme, with the tenant they belong to.
 * Handed out by {@link SigningKeys#activeAt(dev.payhooks.WebhookRequest, java.time.Instant)};
 * never empty. Immutable.
 *
 * @param <K> the provider's key type, e.g. {@link dev.payhooks.spi.signature.HmacKey}
 * @since 0.1.0
 */
public final class ActiveKeys<K> {

    private final String tenant;
    private final List<K> keys;

    ActiveKeys(String tenant, List<K> keys) {
        this.tenant = tenant;
        this.keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    }

    /**
     * The keys, in the order the resolver gave their secrets.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<K> keys() {
        return keys;
    }

    /**
     * The tenant the keys belong to.
     *
     * @return the tenant, or empty for single-tenant endpoints
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * What a verifier returns once a signature matched one of these keys.
     *
     * @return the verification, carrying the tenant
     */
    public Verification verified() {
        return Verification.forTenant(tenant);
    }

    /** Never shows a key. */
    @Override
    public String toString() {
        return "ActiveKeys[tenant=" + tenant + ", keys=" + keys.size() + "]";
    }
}
