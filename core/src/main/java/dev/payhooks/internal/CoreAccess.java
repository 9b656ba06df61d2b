package dev.payhooks.internal;

import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.spi.WebhookSource;

import java.util.List;
import java.util.Objects;

/**
 * Lets core's other packages (the inbox processor, the JSON decoder) reach what the public types
 * keep to themselves, without making it public API: the receiver's source and routes, and an event
 * builder that shares an already immutable body. Each public type installs its part from its
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
    }

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
