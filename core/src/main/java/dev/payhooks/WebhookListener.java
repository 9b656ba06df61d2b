package dev.payhooks;

import java.time.Duration;

/**
 * Observes every delivery, for metrics and audit. Called on the request thread; keep it fast.
 * An exception thrown by a listener is logged and ignored: it never changes the answer.
 *
 * <p>For one delivery the receiver calls, on the thread that called
 * {@link WebhookReceiver#receive}: {@link #onReceived}, then {@link #onStepCompleted} or
 * {@link #onStepFailed} for each {@link PipelineStep} that ran, then exactly one of
 * {@link #onCompleted} (an answer was produced) and {@link #onAborted} (an {@link Error} escaped).
 * A request an adapter refused ({@link WebhookReceiver#rejectBeforeReceiving}) gets only
 * {@link #onCompleted}. Until a step after {@link PipelineStep#VERIFY} is reported, everything about
 * the request was chosen by the sender: the payhooks-micrometer module, for example, records
 * nothing from it.
 *
 * <pre>{@code
 * WebhookListener metrics = new WebhookListener() {
 *     public void onCompleted(WebhookResponse response, Duration elapsed) {
 *         registry.timer("webhooks", "outcome", response.outcome().name()).record(elapsed);
 *     }
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
public interface WebhookListener {

    /**
     * A delivery arrived (before verification: do not trust its content).
     *
     * @param request the request
     */
    default void onReceived(WebhookRequest request) {
    }

    /**
     * A delivery was answered: received, rejected (with {@link WebhookResponse#reason()}),
     * filtered, duplicate, in progress, handled, failed or unavailable.
     *
     * @param response the answer, with outcome, reason and event
     * @param elapsed time spent in the receiver, measured with its clock
     */
    default void onCompleted(WebhookResponse response, Duration elapsed) {
    }

    /**
     * This listener was added to a receiver that has just been built; called once per
     * {@link WebhookReceiver.Builder#build()}, before any delivery. Lets a listener learn the
     * receiver's {@link WebhookReceiver#provider()}, or refuse to serve more than one receiver.
     * Unlike the other callbacks, an exception thrown here is not ignored: it fails
     * {@code build()}, since it reports a configuration mistake.
     *
     * @param receiver the receiver, fully built
     */
    default void onAttached(WebhookReceiver receiver) {
    }

    /**
     * A step of the pipeline returned normally: verification passed, the body decoded, the filters
     * ran (whether or not they kept the event), the store answered, every handler returned.
     *
     * @param step the step
     * @param elapsed how long it took, measured with the receiver's clock
     */
    default void onStepCompleted(PipelineStep step, Duration elapsed) {
    }

    /**
     * A step of the pipeline threw: verification or decoding refused the delivery (a
     * {@link WebhookException} with its reason code), a dependency was unavailable, a filter or a
     * handler threw. The delivery's answer follows in {@link #onCompleted} as usual.
     *
     * @param step the step
     * @param elapsed how long it took until it threw, measured with the receiver's clock
     * @param failure what it threw; its message is no more trustworthy than
     *                {@link WebhookResponse#detail()} (for a refused delivery it may describe what
     *                the sender sent)
     */
    default void onStepFailed(PipelineStep step, Duration elapsed, Throwable failure) {
    }

    /**
     * An {@link Error} (such as {@link OutOfMemoryError} or {@link StackOverflowError}) escaped the
     * pipeline: no answer was produced, {@link WebhookReceiver#receive} rethrows it after this call
     * and {@link #onCompleted} is not called for this delivery. A listener that holds state from
     * {@link #onReceived} releases it here.
     *
     * @param error the error, about to be rethrown
     * @param elapsed time spent in the receiver, measured with its clock
     */
    default void onAborted(Throwable error, Duration elapsed) {
    }
}
