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
 * <p>{@link #transactional() transactional = true} runs the method inside the transaction in
 * which the JDBC store (or inbox) records the event as done: its {@code JdbcTemplate} or JPA writes
 * and the done record commit together, or roll back together.
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

    /**
     * Whether the method runs inside the transaction that records the event as done, so that its
     * database writes happen exactly once: the JDBC store (or inbox) opens the transaction with the
     * application's {@code PlatformTransactionManager} and writes the done
     * record first; then the method runs, and its {@code JdbcTemplate}, {@code JdbcClient} or JPA
     * writes on the application's {@code DataSource} join that transaction; then everything commits.
     * A method that throws rolls back its writes and the done record, and the provider's retry runs
     * it again; a duplicate delivery runs nothing.
     *
     * <p>Needs the JDBC store ({@code payhooks-jdbc} and a {@code DataSource}) and one
     * {@code PlatformTransactionManager} that manages that {@code DataSource} (as
     * {@code spring-boot-starter-jdbc} or {@code -data-jpa} provide); otherwise startup fails. Only writes to the store's database are covered: an e-mail or an HTTP call from the
     * method may still happen more than once. A {@code @Transactional} on the method joins the
     * transaction (the default propagation); {@code REQUIRES_NEW} or {@code NOT_SUPPORTED} would take
     * the writes out of it.
     *
     * @return {@code true} to run the method in the store's transaction
     * @since 0.1.0
     */
    boolean transactional() default false;
}
