package dev.payhooks.spi;

import dev.payhooks.Event;
import java.util.Objects;

/**
 * What deliveries are deduplicated by: the event's key, scoped by provider and tenant so that two
 * providers (or two merchants) that happen to reuse an id never suppress each other's events.
 *
 * @param provider the provider's short name
 * @param tenant the tenant, or {@code ""} for single-tenant endpoints
 * @param key the event's idempotency key ({@link Event#idempotencyKey()})
 *
 * @since 0.1.0
 */
public record IdempotencyKey(String provider, String tenant, String key) {
    /**
     * Validates.
     *
     * @param provider the provider's short name
     * @param tenant the tenant, or {@code ""}
     * @param key the event key
     */
    public IdempotencyKey {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tenant, "tenant (use \"\" for none)");
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an idempotency key must not be empty");
        }
    }

    /**
     * The key of an event.
     *
     * @param event the event
     * @return its scoped key
     */
    public static IdempotencyKey of(Event event) {
        return new IdempotencyKey(event.provider(), event.tenant().orElse(""), event.idempotencyKey());
    }
}
