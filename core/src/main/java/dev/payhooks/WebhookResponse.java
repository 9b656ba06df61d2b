package dev.payhooks;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to answer the provider, independent of any HTTP framework: a status, a short generic body
 * and headers (such as {@code Retry-After}). Adapters copy these three to their HTTP stack.
 *
 * <p>The response also says what happened ({@link #outcome()}, {@link #reason()},
 * {@link #event()}) for listeners, logs and tools; those never go on the wire. Immutable.
 *
 * @since 0.1.0
 */
public final class WebhookResponse {

    private final int status;
    private final String body;
    private final Map<String, String> headers;
    private final Outcome outcome;
    private final RejectionReason reason;
    private final Event event;
    private final String detail;

    private WebhookResponse(int status, String body, Map<String, String> headers, Outcome outcome,
                            RejectionReason reason, Event event, String detail) {
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.outcome = outcome;
        this.reason = reason;
        this.event = event;
        this.detail = detail;
    }

    /**
     * A response. Normally built by the receiver from its {@link ResponsePolicy}; public so
     * adapters can answer requests that never reach the receiver (405, 413, 415).
     *
     * @param reply status, body and headers
     * @param outcome what happened
     * @param reason the rejection reason when {@code outcome} is {@link Outcome#REJECTED}, else {@code null}
     * @param event the decoded event when there is one, else {@code null}
     * @param detail a diagnostic message for logs and tools (never sent), or {@code null}
     * @return the response
     */
    public static WebhookResponse of(ResponsePolicy.Reply reply, Outcome outcome, RejectionReason reason,
                                     Event event, String detail) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly when the outcome is REJECTED");
        }
        return new WebhookResponse(reply.status(), reply.body(), reply.headers(), outcome, reason, event, detail);
    }

    /**
     * The HTTP status code.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The short, generic body (plain text). It never says why a signature failed.
     *
     * @return the body text
     */
    public String body() {
        return body;
    }

    /**
     * Headers to set, such as {@code Content-Type} and {@code Retry-After}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * What the receiver did.
     *
     * @return the outcome
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Why the request was rejected, when it was.
     *
     * @return the reason, present exactly when {@link #outcome()} is {@link Outcome#REJECTED}
     */
    public Optional<RejectionReason> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * The verified, decoded event, when the pipeline got that far.
     *
     * @return the event, or empty
     */
    public Optional<Event> event() {
        return Optional.ofNullable(event);
    }

    /**
     * A diagnostic message for logs and tools (the verification message, or the handler
     * exception's class). Never sent to the provider; never contains secrets or body content.
     * In responses from a {@link WebhookReceiver}, control characters that came from the request
     * are escaped ({@code \n}, {@code \}{@code u001b}), so the detail prints on one line.
     *
     * @return the detail, or empty
     */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    @Override
    public String toString() {
        return "WebhookResponse[status=" + status + ", outcome=" + outcome
                + (reason == null ? "" : ", reason=" + reason)
                + (event == null ? "" : ", event=" + event.id() + " " + event.type()) + "]";
    }
}
