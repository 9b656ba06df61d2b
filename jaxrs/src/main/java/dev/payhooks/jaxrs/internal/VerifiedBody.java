package dev.payhooks.jaxrs.internal;

import dev.payhooks.Event;
import dev.payhooks.internal.http.BufferInputStream;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The entity stream of a pass-through request: the verified bytes, replayed without a copy, and
 * the event they were verified as, so that a message body reader handed this stream can return
 * the event itself.
 */
public final class VerifiedBody extends BufferInputStream {

    private final Event event;

    /**
     * A stream over the bytes between the buffer's position and limit.
     *
     * @param bytes the bytes; read through a duplicate, so the caller's position does not move
     * @param event the verified event
     */
    public VerifiedBody(ByteBuffer bytes, Event event) {
        super(bytes);
        this.event = Objects.requireNonNull(event, "event");
    }

    /**
     * The verified event.
     *
     * @return the event
     */
    public Event event() {
        return event;
    }
}
