package dev.payhooks.omise.internal;

import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.JsonLimits;
import dev.payhooks.Mode;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.omise.OmiseEventLookup;
import dev.payhooks.omise.OmiseEventSnapshot;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Omise's event envelope: {@code {object: "event", id: "evnt_...", livemode, location,
 * key: "charge.complete", created_at: ISO-8601, data: {object: "charge", ...}}}. The type is in
 * {@code key}. Accounts pinned to API versions before 2019-05-29 send {@code created} instead of
 * {@code created_at} (omise-java's and omise-go's events-get.json fixtures), so that is read too.
 * Optionally confirms each event by fetching it back. For the ordering guard the event is about
 * the object in {@code data} ({@code object} and {@code id}), positioned by {@code created_at}.
 * Immutable and thread-safe.
 */
public final class OmiseEventDecoder implements EventDecoder {

    /** Attribute with the envelope's {@code object} member. */
    public static final String OBJECT = "object";
    /** Attribute with the data object's {@code object} member ({@code charge}, {@code refund}, ...). */
    public static final String DATA_OBJECT = "data.object";
    /** Attribute with the data object's id ({@code chrg_...}). */
    public static final String DATA_ID = "data.id";
    /** Attribute with the legacy {@code created} member. */
    public static final String LEGACY_CREATED = "created";

    private final JsonEventDecoder envelope;
    private final OmiseEventLookup lookup;
    private final JsonLimits limits;

    /**
     * @param limits the JSON limits
     * @param lookup the fetch-back hook, or {@code null} for none
     */
    public OmiseEventDecoder(JsonLimits limits, OmiseEventLookup lookup) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.lookup = lookup;
        this.envelope = JsonEventDecoder.builder("omise")
                .id("/id")
                .type("/key")
                .created("/created_at")
                .mode("/livemode")
                .data("/data")
                // The ordering guard's object: the one in data (charge chrg_..., refund rfnd_...).
                .orderingObject("/data/object", "/data/id")
                .attribute(OBJECT, "/object")
                .attribute(DATA_OBJECT, "/data/object")
                .attribute(DATA_ID, "/data/id")
                .attribute(LEGACY_CREATED, "/created")
                .limits(limits)
                .build();
    }

    @Override
    public Event decode(WebhookRequest request, Verification verification) {
        Event event = envelope.decode(request, verification);
        Optional<String> object = event.attribute(OBJECT);
        if (object.isPresent() && !object.get().equals("event")) {
            // A signed API object that is not an event (a charge, a list) must not be handled as one.
            throw new WebhookDecodingException(RejectionReason.INVALID_EVENT_FIELD,
                    "the Omise body's object member is not \"event\"; only events are delivered to webhooks");
        }
        if (event.created().isEmpty() && event.attribute(LEGACY_CREATED).isPresent()) {
            event = withLegacyCreated(event);
        }
        if (lookup != null) {
            confirm(event, verification);
        }
        return event;
    }

    private Event withLegacyCreated(Event event) {
        OffsetDateTime created;
        try {
            created = OffsetDateTime.parse(event.attribute(LEGACY_CREATED).orElseThrow());
        } catch (DateTimeException e) {
            return event;
        }
        // Shares the body with the decoded event: no copy.
        Event.Builder copy = event.newBuilder().created(created.toInstant()).limits(limits);
        return copy.build();
    }

    private void confirm(Event event, Verification verification) {
        Optional<OmiseEventSnapshot> fetched;
        try {
            fetched = lookup.lookup(event.id(), verification.tenant());
        } catch (WebhookDecodingException | WebhookUnavailableException e) {
            throw e;
        } catch (WebhookException e) {
            throw new WebhookUnavailableException("the Omise event lookup threw " + e.getClass().getSimpleName()
                    + " for event " + event.id(), e);
        } catch (RuntimeException e) {
            throw new WebhookUnavailableException("the Omise event lookup for event " + event.id() + " failed with "
                    + e.getClass().getName() + "; answering 503 so Omise delivers it again", e);
        }
        if (fetched == null) {
            throw new WebhookUnavailableException("the Omise event lookup returned null for event " + event.id()
                    + "; return Optional.empty() when Omise does not know the event", null);
        }
        if (fetched.isEmpty()) {
            throw new WebhookDecodingException(RejectionReason.EVENT_NOT_CONFIRMED,
                    "Omise's API does not know event " + event.id() + "; the delivery is not confirmed");
        }
        OmiseEventSnapshot snapshot = fetched.get();
        List<String> differences = new ArrayList<>(4);
        if (!snapshot.id().equals(event.id())) {
            differences.add("id");
        }
        if (!snapshot.key().equals(event.type())) {
            differences.add("key");
        }
        if (event.mode() == Mode.UNKNOWN || snapshot.livemode() != (event.mode() == Mode.LIVE)) {
            differences.add("livemode");
        }
        if (!snapshot.dataObjectId().equals(event.attribute(DATA_ID))) {
            differences.add("data.id");
        }
        if (!differences.isEmpty()) {
            // Member names only: values could be personal data or help a forger tune the next attempt.
            throw new WebhookDecodingException(RejectionReason.EVENT_NOT_CONFIRMED,
                    "the event fetched back from Omise differs from the delivery of " + event.id() + " in " + differences);
        }
    }

    @Override
    public String toString() {
        return "OmiseEventDecoder[confirmation=" + (lookup != null) + "]";
    }
}
