package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.ObjectRef;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ordering guard orders events by: one provider object, scoped by provider and tenant so
 * that two merchants' objects with one id never hold each other back.
 *
 * @param provider the provider's short name
 * @param tenant the tenant, or {@code ""} for single-tenant endpoints
 * @param objectType the object type ({@code refund})
 * @param objectId the object id ({@code re_...})
 *
 * @since 0.1.0
 */
public record ObjectKey(String provider, String tenant, String objectType, String objectId) {
    /**
     * Validates.
     *
     * @param provider the provider's short name
     * @param tenant the tenant, or {@code ""}
     * @param objectType the object type, not empty
     * @param objectId the object id, not empty
     */
    public ObjectKey {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tenant, "tenant (use \"\" for none)");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectId, "objectId");
        if (objectType.isEmpty() || objectId.isEmpty()) {
            throw new IllegalArgumentException("an object key needs a non-empty object type and id");
        }
    }

    /**
     * The key of the object an event is about.
     *
     * @param event the event
     * @return its key, or empty when the decoder named no object ({@link Event#orderingObject()})
     */
    public static Optional<ObjectKey> of(Event event) {
        Optional<ObjectRef> object = event.orderingObject();
        return object.map(o -> new ObjectKey(event.provider(), event.tenant().orElse(""), o.type(), o.id()));
    }
}
