package dev.payhooks.micrometer;

import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookResponse;
import io.micrometer.observation.Observation;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link WebhookObservationConvention} sees of one delivery: the endpoint's provider and
 * name from the start, and the answer once there is one. The event type comes already bounded
 * ({@link #boundedEventType()}); a custom convention that tags the raw
 * {@link Event#type()} gives up that protection.
 *
 * <p>Until {@link #response()} is present, nothing in the context comes from the request: payhooks
 * never hands the sender's unverified bytes to an observation.
 *
 * @since 0.1.0
 */
public final class WebhookObservationContext extends Observation.Context {

    /** The value of a tag that does not apply (no event, no reason, no status). */
    public static final String NONE = "none";

    private final String provider;
    private final String endpoint;
    private volatile WebhookResponse response;
    private volatile String boundedEventType = NONE;
    private volatile boolean aborted;

    /**
     * A context before the delivery is answered. Made by payhooks; public for tests of a custom
     * convention.
     *
     * @param provider the receiver's provider
     * @param endpoint the endpoint's name
     */
    public WebhookObservationContext(String provider, String endpoint) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * The receiver's provider.
     *
     * @return the provider's short name
     */
    public String provider() {
        return provider;
    }

    /**
     * The endpoint's name: as configured, by default the provider.
     *
     * @return the name
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The answer, with outcome, reason, status and (for a verified delivery) the event.
     *
     * @return the response, or empty until the delivery is answered and when it was aborted
     */
    public Optional<WebhookResponse> response() {
        return Optional.ofNullable(response);
    }

    /**
     * The verified event's type as a tag value: the type, {@code other} once the configured number
     * of distinct types has been reached (or for a type first seen in a duplicate), or
     * {@link #NONE} when no event was verified.
     *
     * @return the tag value
     */
    public String boundedEventType() {
        return boundedEventType;
    }

    /**
     * Whether an {@link Error} escaped the receiver, so that no answer was produced.
     *
     * @return {@code true} when aborted
     */
    public boolean aborted() {
        return aborted;
    }

    /**
     * The outcome as a tag value: the {@link Outcome}'s name, {@code ABORTED}, or {@code UNKNOWN}
     * while the delivery is being processed.
     *
     * @return the tag value
     */
    public String outcomeValue() {
        WebhookResponse answered = response;
        if (answered != null) {
            return answered.outcome().name();
        }
        return aborted ? "ABORTED" : "UNKNOWN";
    }

    void complete(WebhookResponse response, String boundedEventType) {
        this.boundedEventType = Objects.requireNonNull(boundedEventType, "boundedEventType");
        this.response = Objects.requireNonNull(response, "response");
    }

    void abort() {
        this.aborted = true;
    }
}
