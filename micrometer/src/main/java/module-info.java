/**
 * payhooks for Micrometer: one observation per webhook delivery and per inbox attempt (metrics
 * and traces through the application's observation handlers), timers for each pipeline step,
 * counters for retried and dead inbox rows, and gauges for the inbox backlog. Start at
 * {@link dev.payhooks.micrometer.PayhooksObservability}.
 *
 * <p>{@code dev.payhooks.micrometer.internal} is not exported.
 *
 * @since 0.1.0
 */
// Micrometer publishes automatic module names (manifest entries), not module descriptors.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.payhooks.micrometer {
    requires transitive dev.payhooks;
    requires transitive micrometer.commons;
    requires transitive micrometer.observation;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports dev.payhooks.micrometer;
}
