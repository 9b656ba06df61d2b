package dev.payhooks.internal;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.WebhookSource;

import java.util.List;
import java.util.Objects;

/**
 * Lets core's other packages (the signature toolkit, the JSON decoder, the inbox) reach what the
 * public types keep to themselves, without making it public API: a request's own body array
 * (verifying hashes every body byte once; a defensive copy would double the memory traffic), a
 * request builder that takes an array nobody else holds, the receiver's source and routes, and an
 * event builder that shares an already immutable body. Each public type installs its part from its
 * static initialiser; this package is not exported, so nothing outside the module can call it.
 * (The JDK's own packages use the same "shared secrets" arrangement.)
 */
public final class CoreAccess {

    /** What {@link WebhookReceiver} shares. */
    public interface ReceiverAccess {
        /**
         * @param receiver the receiver
         * @return its source
         */
        WebhookSource source(WebhookReceiver receiver);

        /**
         * @param receiver the receiver
         * @param type an event type
         * @return the handlers for it: exact, then prefix, else the fallback
         */
        List<EventHandler> route(WebhookReceiver receiver, String type);

        /**
         * @param receiver the receiver
         * @param detail a diagnostic for the log; no body content
         * @return the 503 answer for a delivery an HTTP adapter cannot start now, through the
         *         receiver's policy and listeners
         */
        WebhookResponse overloaded(WebhookReceiver receiver, String detail);

        /**
         * @param handlers the handlers routed for an event
         * @return whether they run in one transaction with the done record (one of them is a
         *         {@link dev.payhooks.spi.TransactionalEventHandler})
         */
        boolean needsTransaction(List<EventHandler> handlers);

        /**
         * @param receiver the receiver
         * @return its ordering guard, or {@code null} when it has none
         */
        OrderingGuard ordering(WebhookReceiver receiver);
    }

    /** What {@link WebhookRequest} shares. */
    public interface RequestAccess {
        /**
         * @param request a request
         * @return its own body array, not a copy: callers must not modify or leak it
         */
        byte[] body(WebhookRequest request);

        /**
         * @param body an array nobody else holds and nobody will modify
         * @return a request builder that owns it, without a copy
         */
        WebhookRequest.Builder builderOwning(byte[] body);
    }

    /** What {@link Event} shares. */
    public interface EventAccess {
        /**
         * @param provider the provider
         * @param id the event id
         * @param type the event type
         * @param rawJson a body nobody else can modify; not copied
         * @return a builder
         */
        Event.Builder builderSharing(String provider, String id, String type, byte[] rawJson);

        /**
         * @param event an event
         * @param stale whether the ordering guard found it older than the stored version
         * @param tie whether it ties with the stored version
         * @param refetched the object's current state, or {@code null}
         * @return a copy carrying the verdict, sharing the body
         */
        Event withOrderingVerdict(Event event, boolean stale, boolean tie, Object refetched);
    }

    private static volatile RequestAccess request;
    private static volatile ReceiverAccess receiver;
    private static volatile EventAccess event;

    private CoreAccess() {
    }

    /**
     * Called once, by {@link WebhookReceiver}.
     *
     * @param access the receiver's part
     */
    public static void install(ReceiverAccess access) {
        if (receiver != null) {
            throw new IllegalStateException("installed once, by WebhookReceiver");
        }
        receiver = Objects.requireNonNull(access);
    }

    /**
     * Called once, by {@link WebhookRequest}.
     *
     * @param access the request's part
     */
    public static void install(RequestAccess access) {
        if (request != null) {
            throw new IllegalStateException("installed once, by WebhookRequest");
        }
        request = Objects.requireNonNull(access);
    }

    /**
     * Called once, by {@link Event}.
     *
     * @param access the event's part
     */
    public static void install(EventAccess access) {
        if (event != null) {
            throw new IllegalStateException("installed once, by Event");
        }
        event = Objects.requireNonNull(access);
    }

    /**
     * The receiver's part.
     *
     * @return the accessor
     */
    public static ReceiverAccess receiver() {
        if (receiver == null) {
            init(WebhookReceiver.class);
        }
        return receiver;
    }

    /**
     * The request's part.
     *
     * @return the accessor
     */
    public static RequestAccess request() {
        if (request == null) {
            init(WebhookRequest.class);
        }
        return request;
    }

    /**
     * The event's part.
     *
     * @return the accessor
     */
    public static EventAccess event() {
        if (event == null) {
            init(Event.class);
        }
        return event;
    }

    private static void init(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
