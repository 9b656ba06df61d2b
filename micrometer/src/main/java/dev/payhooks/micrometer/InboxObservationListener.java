package dev.payhooks.micrometer;

import dev.payhooks.PipelineStep;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.spi.InboxMessage;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An inbox processor's attempt observations, step timers and retried/dead counters. An attempt
 * runs on one worker thread from {@link #onStarted} to its end, so its state is per thread. The
 * rows were verified when they arrived, so their envelope may be read.
 */
final class InboxObservationListener implements InboxListener {

    private final PayhooksObservability observability;
    private final ThreadLocal<Attempt> attempts = new ThreadLocal<>();

    InboxObservationListener(PayhooksObservability observability) {
        this.observability = observability;
    }

    @Override
    public void onStarted(InboxMessage message) {
        Attempt stale = attempts.get();
        if (stale != null) {
            // Attempts do not nest; one whose end was never reported is closed rather than leaked.
            end(stale, InboxObservationContext.Result.ABORTED, null);
        }
        InboxObservationContext context = new InboxObservationContext(message,
                observability.eventTypes().tagFor(message.eventType(), true));
        Attempt attempt = new Attempt(message, context);
        // Set first, so that the attempt's end finds it even if an observation handler throws below.
        attempts.set(attempt);
        attempt.observation = observability.inboxObservation(context);
        attempt.observation.start();
        attempt.started = true;
        attempt.scope = attempt.observation.openScope();
    }

    @Override
    public void onStepCompleted(InboxMessage message, PipelineStep step, Duration elapsed) {
        Attempt attempt = current(message);
        if (attempt != null) {
            attempt.steps.add(new StepRecord(step, elapsed, null));
        }
    }

    @Override
    public void onStepFailed(InboxMessage message, PipelineStep step, Duration elapsed, Throwable failure) {
        Attempt attempt = current(message);
        if (attempt != null) {
            attempt.steps.add(new StepRecord(step, elapsed, failure));
        }
    }

    @Override
    public void onSucceeded(InboxMessage message, Duration elapsed) {
        end(message, InboxObservationContext.Result.SUCCEEDED, null);
    }

    @Override
    public void onRetryScheduled(InboxMessage message, Duration delay, Throwable failure) {
        endAndCount(message, InboxObservationContext.Result.RETRY_SCHEDULED, failure,
                "payhooks.inbox.retried", "Inbox attempts that failed and were scheduled again");
    }

    @Override
    public void onDead(InboxMessage message, Throwable failure) {
        endAndCount(message, InboxObservationContext.Result.DEAD, failure,
                "payhooks.inbox.dead", "Inbox rows marked dead after their last attempt failed");
    }

    @Override
    public void onAborted(InboxMessage message, Throwable failure) {
        end(message, InboxObservationContext.Result.ABORTED, failure);
    }

    private Attempt current(InboxMessage message) {
        Attempt attempt = attempts.get();
        return attempt != null && attempt.message.id().equals(message.id()) ? attempt : null;
    }

    private void endAndCount(InboxMessage message, InboxObservationContext.Result result, Throwable failure,
                             String counter, String description) {
        Attempt attempt = end(message, result, failure);
        if (attempt != null) {
            observability.countInbox(counter, description, attempt.tags());
        }
    }

    private Attempt end(InboxMessage message, InboxObservationContext.Result result, Throwable failure) {
        Attempt attempt = current(message);
        if (attempt != null) {
            end(attempt, result, failure);
        }
        return attempt;
    }

    private void end(Attempt attempt, InboxObservationContext.Result result, Throwable failure) {
        attempts.remove();
        attempt.context.result(result);
        if (failure != null && attempt.started) {
            attempt.observation.error(failure);
        }
        for (StepRecord step : attempt.steps) {
            observability.recordInboxStep(step.step, attempt.message.provider(), attempt.context.boundedEventType(),
                    step.elapsed, step.failure);
        }
        if (attempt.scope != null) {
            attempt.scope.close();
        }
        if (attempt.started) {
            attempt.observation.stop();
        }
    }

    @Override
    public String toString() {
        return "InboxObservationListener";
    }

    private static final class Attempt {
        final InboxMessage message;
        final InboxObservationContext context;
        final List<StepRecord> steps = new ArrayList<>(4);
        Observation observation;
        boolean started;
        Observation.Scope scope;

        Attempt(InboxMessage message, InboxObservationContext context) {
            this.message = message;
            this.context = context;
        }

        Tags tags() {
            return Tags.of("provider", message.provider(), "event.type", context.boundedEventType());
        }
    }

    private record StepRecord(PipelineStep step, Duration elapsed, Throwable failure) {
    }
}
