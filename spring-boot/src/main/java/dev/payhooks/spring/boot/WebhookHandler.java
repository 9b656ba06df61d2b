package dev.payhooks.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of some event types of one endpoint configured under
 * {@code payhooks.endpoints.<name>}.
 *
 * <pre>{@code
 * @Component
 * class Refunds {
 *     @WebhookHandler(endpoint = "stripe", types = "refund.failed")
 *     void failed(RefundView refund, Event event) { ... }
 *
 *     @WebhookHandler(endpoint = "stripe", types = "payment_intent.*")
 *     void paymentIntent(Event event) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters, in any order: at most one {@link dev.payhooks.Event} and at most one other type,
 * which receives the event's data object bound by {@link dev.payhooks.Event#data(Class)}. The
 * method runs as a {@link dev.payhooks.EventHandler}: returning marks the event handled (200);
 * throwing fails the delivery (500, the provider retries), and
 * {@link dev.payhooks.WebhookUnavailableException} answers 503. The method is called on the bean as
 * Spring exposes it (through its proxies), so {@code @Transactional} on it applies.
 *
 * <p>A handler naming an endpoint that is not configured, or with a parameter the starter cannot
 * supply, fails the application's startup with a message that names the method.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHandler {

    /**
     * The endpoint's name: the {@code <name>} of {@code payhooks.endpoints.<name>.*}.
     *
     * @return the endpoint name
     */
    String endpoint();

    /**
     * The event types: exact ({@code refund.failed}) or prefixes ending in {@code .*}
     * ({@code payment_intent.*}).
     *
     * @return at least one type pattern
     */
    String[] types();
}
