package dev.payhooks.micrometer;

import dev.payhooks.spi.InboxMessage;
import io.micrometer.observation.Observation;

import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link InboxObservationConvention} sees of one attempt at an inbox row: the row (its
 * envelope and state; it was verified when it arrived) and, at the end, how the attempt ended.
 *
 * @since 0.1.0
 */
public final class InboxObservationContext extends Observation.Context {

    /**
     * How an attempt ended.
     *
     * @since 0.1.0
     */
    public enum Result {
        /** Every handler succeeded and the row is done. */
        SUCCEEDED,
        /** The attempt failed and another one is scheduled. */
        RETRY_SCHEDULED,
        /** The last allowed attempt failed (or the row no longer decodes): the row is dead. */
        DEAD,
        /** The result could not be recorded (the inbox was unavailable) or an Error escaped. */
        ABORTED
    }

    private final InboxMessage message;
    private final String boundedEventType;
    private volatile Result result;

    /**
     * A context for an attempt that has started. Made by payhooks; public for tests of a custom
     * convention.
     *
     * @param message the claimed row
     * @param boundedEventType the row's event type as a tag value (see {@link #boundedEventType()})
     */
    public InboxObservationContext(InboxMessage message, String boundedEventType) {
        this.message = Objects.requireNonNull(message, "message");
        this.boundedEventType = Objects.requireNonNull(boundedEventType, "boundedEventType");
    }

    /**
     * The claimed row. Its body may hold personal data: never make a tag of it.
     *
     * @return the row
     */
    public InboxMessage message() {
        return message;
    }

    /**
     * The row's event type as a tag value: the type, or {@code other} once the configured number
     * of distinct types has been reached.
     *
     * @return the tag value
     */
    public String boundedEventType() {
        return boundedEventType;
    }

    /**
     * How the attempt ended.
     *
     * @return the result, or empty while the attempt runs
     */
    public Optional<Result> result() {
        return Optional.ofNullable(result);
    }

    void result(Result result) {
        this.result = Objects.requireNonNull(result, "result");
    }
}
