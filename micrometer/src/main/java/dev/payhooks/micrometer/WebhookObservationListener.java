package dev.payhooks.micrometer;

import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.PipelineStep;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One receiver's observations and step timers. A delivery runs on one thread from
 * {@link #onReceived} to {@link #onCompleted} (or {@link #onAborted}), so its state lives in a
 * per-thread stack: a handler that calls another receiver (or this one) nests correctly. Nothing
 * from the request is read before the receiver reports a verified event.
 */
final class WebhookObservationListener implements WebhookListener {

    private final PayhooksObservability observability;
    private final String configuredEndpoint;
    private final AtomicReference<WebhookReceiver> receiver = new AtomicReference<>();
    private final ThreadLocal<Deque<Delivery>> deliveries = ThreadLocal.withInitial(ArrayDeque::new);
    private volatile String provider = "unknown";
    private volatile String endpoint = "unknown";

    WebhookObservationListener(PayhooksObservability observability, String endpoint) {
        this.observability = observability;
        this.configuredEndpoint = endpoint;
        if (endpoint != null) {
            this.endpoint = endpoint;
        }
    }

    @Override
    public void onAttached(WebhookReceiver attached) {
        if (!receiver.compareAndSet(null, attached) && receiver.get() != attached) {
            throw new IllegalStateException("this payhooks observation listener already serves the "
                    + receiver.get().provider() + " receiver; call webhookListener() once for each receiver");
        }
        provider = attached.provider();
        endpoint = configuredEndpoint != null ? configuredEndpoint : attached.provider();
    }

    @Override
    public void onReceived(WebhookRequest request) {
        // The request is the sender's word until verified: it is deliberately not read.
        Delivery delivery = new Delivery(new WebhookObservationContext(provider, endpoint));
        // Pushed first, so that onCompleted pops this delivery even if an observation handler throws below.
        deliveries.get().push(delivery);
        delivery.start(observability);
        delivery.scope = delivery.observation.openScope();
    }

    @Override
    public void onStepCompleted(PipelineStep step, Duration elapsed) {
        Delivery delivery = deliveries.get().peek();
        if (delivery != null) {
            delivery.steps.add(new StepRecord(step, elapsed, null));
        }
    }

    @Override
    public void onStepFailed(PipelineStep step, Duration elapsed, Throwable failure) {
        Delivery delivery = deliveries.get().peek();
        if (delivery != null) {
            delivery.steps.add(new StepRecord(step, elapsed, failure));
        }
    }

    @Override
    public void onCompleted(WebhookResponse response, Duration elapsed) {
        Delivery delivery = pop();
        if (delivery == null) {
            // Refused by an adapter before it became a request (onReceived was not called).
            delivery = new Delivery(new WebhookObservationContext(provider, endpoint));
            delivery.start(observability);
        }
        Optional<Event> event = response.event();
        String type = event.map(e -> observability.eventTypes().tagFor(e.type(), admits(response.outcome())))
                .orElse(WebhookObservationContext.NONE);
        delivery.context.complete(response, type);
        if (delivery.started && (response.outcome() == Outcome.FAILED || response.outcome() == Outcome.UNAVAILABLE)) {
            delivery.decisiveFailure().ifPresent(delivery.observation::error);
        }
        finish(delivery, type);
    }

    @Override
    public void onAborted(Throwable error, Duration elapsed) {
        Delivery delivery = pop();
        if (delivery == null) {
            return;
        }
        delivery.context.abort();
        if (delivery.started) {
            delivery.observation.error(error);
        }
        finish(delivery, WebhookObservationContext.NONE);
    }

    private Delivery pop() {
        Deque<Delivery> stack = deliveries.get();
        Delivery delivery = stack.poll();
        if (stack.isEmpty()) {
            deliveries.remove();
        }
        return delivery;
    }

    private void finish(Delivery delivery, String eventType) {
        Tags tags = Tags.of("provider", provider, "endpoint", endpoint);
        for (StepRecord step : delivery.steps) {
            observability.recordWebhookStep(step.step, tags, eventType, step.elapsed, step.failure);
        }
        if (delivery.scope != null) {
            delivery.scope.close();
        }
        if (delivery.started) {
            delivery.observation.stop();
        }
    }

    /**
     * A duplicate or an event in progress proves nothing new: for schemes whose type header is
     * not signed (GitHub, Shopify) a replayer may have changed it. Such deliveries reuse a type's
     * tag value but never take a free slot.
     */
    private static boolean admits(Outcome outcome) {
        return outcome != Outcome.DUPLICATE && outcome != Outcome.IN_PROGRESS;
    }

    @Override
    public String toString() {
        return "WebhookObservationListener[" + endpoint + "]";
    }

    private static final class Delivery {
        final WebhookObservationContext context;
        final List<StepRecord> steps = new ArrayList<>(8);
        Observation observation;
        boolean started;
        Observation.Scope scope;

        Delivery(WebhookObservationContext context) {
            this.context = context;
        }

        void start(PayhooksObservability observability) {
            observation = observability.webhookObservation(context);
            observation.start();
            started = true;
        }

        /**
         * The failure that decided a FAILED or UNAVAILABLE answer, to mark the observation with: a
         * filter or handler that threw, a store or inbox that was down. Never a failure of
         * verification or decoding, whatever its type: until then everything is the sender's
         * word, an exception message may repeat it, and tracing backends record error messages.
         */
        Optional<Throwable> decisiveFailure() {
            for (StepRecord step : steps) {
                if (step.failure != null && step.step != PipelineStep.VERIFY && step.step != PipelineStep.DECODE) {
                    return Optional.of(step.failure);
                }
            }
            return Optional.empty();
        }
    }

    private record StepRecord(PipelineStep step, Duration elapsed, Throwable failure) {
    }
}
