package dev.payhooks.stripe.java;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.EventDataClassLookup;
import com.stripe.model.StripeObject;
import com.stripe.model.StripeRawJsonObject;
import com.stripe.net.ApiResource;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.stripe.java.internal.StripeJavaVersions;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The data of one verified Stripe snapshot event, bound to stripe-java's model classes: the
 * {@code data.object}, the {@code data.previous_attributes} of an {@code *.updated} event, the whole
 * {@code com.stripe.model.Event} for code written against {@code Webhook.constructEvent}, and whether
 * the event's API version differs from the one stripe-java models. Get one from
 * {@link StripeObjects#of(Event)} or {@link StripeObjects#bind(Event)}.
 *
 * <p>The input is the verified body itself, decoded as UTF-8 and read by stripe-java's Gson
 * configuration, as {@code Webhook.constructEvent} reads it: nothing passes through another JSON
 * library first. payhooks' decoder has already refused duplicate keys, trailing content and
 * oversized input in that body, so every reader of it sees the same document.
 *
 * <p>Everything is parsed on first use and kept. Thread-safe; the returned stripe-java objects are
 * stripe-java's mutable models and are the same instances on every call: do not change them when
 * several handlers share one {@code StripeEventData}.
 *
 * @since 0.1.0
 */
public final class StripeEventData {

    private final Event event;
    private final ApiVersionMismatch mismatch;
    private volatile JsonObject root;
    private volatile StripeObject object;
    private volatile com.stripe.model.Event stripeEvent;

    StripeEventData(Event event, ApiVersionMismatch mismatch) {
        this.event = event;
        this.mismatch = mismatch;
    }

    /**
     * The payhooks event this data belongs to.
     *
     * @return the event
     */
    public Event event() {
        return event;
    }

    /**
     * Whether the event was rendered with another API version than the stripe-java on the class path
     * models. The objects bind either way; when this is present, members that changed between the two
     * versions may be missing or wrong. See {@link ApiVersionMismatch} for the remedy.
     *
     * @return the mismatch, or empty when the versions agree (or the event names none)
     */
    public Optional<ApiVersionMismatch> apiVersionMismatch() {
        return Optional.ofNullable(mismatch);
    }

    /**
     * The Stripe type of {@code data.object} ({@code "refund"}, {@code "payment_intent"}).
     *
     * @return the type, or empty when the object has no {@code object} member
     * @throws WebhookDecodingException with {@link RejectionReason#MISSING_EVENT_FIELD} when the event
     *         has no {@code data.object}
     */
    public Optional<String> objectType() {
        return typeOf(dataObject());
    }

    private static Optional<String> typeOf(JsonObject object) {
        JsonElement type = object.get("object");
        return type != null && type.isJsonPrimitive() && type.getAsJsonPrimitive().isString()
                ? Optional.of(type.getAsString()) : Optional.empty();
    }

    /**
     * {@code data.object} as the stripe-java class registered for its type
     * ({@code com.stripe.model.EventDataClassLookup}); an object type the loaded stripe-java does not
     * know binds to {@code StripeRawJsonObject}. Unlike stripe-java's
     * {@code getDataObjectDeserializer().getObject()}, never empty on an API-version mismatch.
     *
     * @return the object
     * @throws WebhookDecodingException with {@link RejectionReason#MISSING_EVENT_FIELD} when the event
     *         has no {@code data.object}, or {@link RejectionReason#INVALID_EVENT_FIELD} when
     *         stripe-java cannot bind it
     */
    public StripeObject object() {
        StripeObject result = object;
        if (result == null) {
            JsonObject json = dataObject();
            Class<? extends StripeObject> registered = objectType().map(EventDataClassLookup.classLookup::get).orElse(null);
            Class<? extends StripeObject> target = registered != null ? registered : StripeRawJsonObject.class;
            result = deserialize(json, target, "data.object");
            object = result;
        }
        return result;
    }

    /**
     * {@code data.object} as a stripe-java class you name.
     *
     * <pre>{@code
     * Refund refund = StripeObjects.of(event).object(Refund.class);
     * }</pre>
     *
     * @param type the stripe-java class, such as {@code com.stripe.model.Refund.class}
     * @param <T> the class
     * @return the object
     * @throws WebhookDecodingException with {@link RejectionReason#INVALID_EVENT_FIELD} when the object
     *         is of another Stripe type (a {@code charge} asked for as a {@code Refund}) or does not
     *         bind, or {@link RejectionReason#MISSING_EVENT_FIELD} when the event has no {@code data.object}
     */
    public <T extends StripeObject> T object(Class<T> type) {
        Objects.requireNonNull(type, "type");
        StripeObject any = object();
        if (type.isInstance(any)) {
            return type.cast(any);
        }
        if (any instanceof StripeRawJsonObject) {
            // The loaded stripe-java has no class registered for this object type (or it has no type):
            // the caller named one, so bind to it rather than fail.
            StripeObject named = deserialize(dataObject(), type, "data.object");
            if (type.isInstance(named)) {
                return type.cast(named);
            }
            // Some classes pick their subclass by the "object" member (Refund as a BalanceTransactionSource).
            throw invalid("data.object is a '" + StripeObjects.printable(objectType().orElse(""))
                    + "', which the loaded stripe-java has no class for and cannot bind as " + type.getName());
        }
        throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD, "data.object of Stripe event "
                + StripeObjects.printable(event.id()) + " (" + StripeObjects.printable(event.type()) + ") is a '"
                + StripeObjects.printable(objectType().orElse("")) + "', which stripe-java binds to "
                + any.getClass().getName() + ", not to " + type.getName() + ": ask for that class, or route the"
                + " event type to another handler");
    }

    /**
     * The values the object had before the change an {@code *.updated} event reports
     * ({@code data.previous_attributes}), bound to a stripe-java class; only the changed members are set.
     *
     * <pre>{@code
     * data.previousAttributes(Refund.class).map(Refund::getStatus).ifPresent(before -> ...);
     * }</pre>
     *
     * @param type the stripe-java class of {@code data.object}, such as {@code com.stripe.model.Refund.class}
     * @param <T> the class
     * @return the previous values, or empty when the event has none
     * @throws WebhookDecodingException with {@link RejectionReason#INVALID_EVENT_FIELD} when they are
     *         not an object or do not bind
     */
    public <T extends StripeObject> Optional<T> previousAttributes(Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonElement data = root().get("data");
        JsonElement previous = data != null && data.isJsonObject() ? data.getAsJsonObject().get("previous_attributes") : null;
        if (previous == null || previous.isJsonNull()) {
            return Optional.empty();
        }
        if (!previous.isJsonObject()) {
            throw invalid("data.previous_attributes is not an object");
        }
        JsonObject values = previous.getAsJsonObject();
        JsonElement object = data.getAsJsonObject().get("object");
        Optional<String> objectType = object != null && object.isJsonObject() ? typeOf(object.getAsJsonObject()) : Optional.empty();
        if (!values.has("object") && objectType.isPresent()) {
            // stripe-java picks the class of some models (Refund as a BalanceTransactionSource, ...) from the
            // "object" member, which previous_attributes leaves out: it is the same type as data.object.
            values = values.deepCopy();
            values.addProperty("object", objectType.get());
        }
        StripeObject bound = deserialize(values, type, "data.previous_attributes");
        if (!type.isInstance(bound)) {
            throw invalid("data.previous_attributes of a '" + StripeObjects.printable(objectType.orElse(""))
                    + "' do not bind as " + type.getName() + " but as " + bound.getClass().getName());
        }
        return Optional.of(type.cast(bound));
    }

    /**
     * The whole event as {@code com.stripe.model.Event}, deserialized from the verified body exactly as
     * {@code Webhook.constructEvent} deserializes it, for code written against stripe-java's webhook
     * API. Its {@code getDataObjectDeserializer().getObject()} is still empty on an API-version
     * mismatch (stripe-java decides that); use {@link #object()} instead.
     *
     * @return the event
     * @throws WebhookDecodingException with {@link RejectionReason#INVALID_EVENT_FIELD} when stripe-java
     *         cannot bind the envelope
     */
    public com.stripe.model.Event stripeEvent() {
        com.stripe.model.Event result = stripeEvent;
        if (result == null) {
            String json = event.rawJsonString();
            result = gson(() -> StripeObject.deserializeStripeObject(json, com.stripe.model.Event.class,
                    ApiResource.getGlobalResponseGetter()), "the event", com.stripe.model.Event.class);
            stripeEvent = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return "StripeEventData[" + event + (mismatch == null ? "" : ", api version " + mismatch.eventApiVersion()
                + " (stripe-java models " + mismatch.libraryApiVersion() + ")") + "]";
    }

    private JsonObject dataObject() {
        JsonElement data = root().get("data");
        JsonElement found = data != null && data.isJsonObject() ? data.getAsJsonObject().get("object") : null;
        if (found == null || found.isJsonNull()) {
            throw new WebhookDecodingException(RejectionReason.MISSING_EVENT_FIELD, "Stripe event "
                    + StripeObjects.printable(event.id()) + " (" + StripeObjects.printable(event.type())
                    + ") has no data.object");
        }
        if (!found.isJsonObject()) {
            throw invalid("data.object is not an object");
        }
        return found.getAsJsonObject();
    }

    private JsonObject root() {
        JsonObject result = root;
        if (result == null) {
            String json = event.rawJsonString();
            JsonElement parsed = gson(() -> JsonParser.parseString(json), "the event", null);
            if (!parsed.isJsonObject()) {
                throw invalid("the body is not a JSON object");
            }
            result = parsed.getAsJsonObject();
            root = result;
        }
        return result;
    }

    private StripeObject deserialize(JsonObject json, Class<? extends StripeObject> type, String what) {
        return gson(() -> StripeObject.deserializeStripeObject(json, type, ApiResource.getGlobalResponseGetter()), what, type);
    }

    /**
     * Runs stripe-java's Gson on the verified body. Whatever it throws on this input is a decoding
     * failure of this event; its messages can quote the body, so only the exception's class is kept.
     */
    private <T> T gson(Supplier<T> read, String what, Class<?> type) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw invalid(what + " does not bind" + (type == null ? "" : " to " + type.getName()) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** WebhookDecodingException keeps no cause: a parser's message can quote the body. */
    private WebhookDecodingException invalid(String problem) {
        String remedy = mismatch == null
                ? " with stripe-java " + StripeJavaVersions.libraryVersion()
                        + "; read it with event.at(...) or bind it to your own type with event.data(...)"
                : ": the event was rendered with API version " + StripeObjects.printable(mismatch.eventApiVersion())
                        + " and stripe-java " + StripeJavaVersions.libraryVersion() + " models " + mismatch.libraryApiVersion()
                        + ". " + StripeObjects.printable(mismatch.remedy());
        return new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD, "Stripe event "
                + StripeObjects.printable(event.id()) + " (" + StripeObjects.printable(event.type()) + "): " + problem + remedy);
    }
}
