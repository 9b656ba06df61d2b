package dev.payhooks;

import java.util.Objects;

/**
 * The provider object an event is about, as its decoder names it: the object type and id that
 * the ordering guard ({@link Ordering}) orders events by. A Stripe {@code refund.updated} event
 * is about {@code ObjectRef("refund", "re_...")}.
 *
 * @param type the object type ({@code refund}, {@code charge}, {@code payment}); never empty
 * @param id the object id ({@code re_...}); never empty
 *
 * @since 0.1.0
 */
public record ObjectRef(String type, String id) {
    /**
     * Validates.
     *
     * @param type the object type
     * @param id the object id
     */
    public ObjectRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("an object reference needs a non-empty type and id");
        }
    }
}
