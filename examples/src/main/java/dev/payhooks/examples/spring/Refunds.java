package dev.payhooks.examples.spring;

import dev.payhooks.Event;
import dev.payhooks.spring.boot.WebhookHandler;
import dev.payhooks.stripe.StripeEventTypes;
import dev.payhooks.stripe.view.RefundView;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The webhook handler: failed refunds go to the merchant's records (here, a list). */
@Component
public class Refunds {

    private final List<String> failedRefunds = new CopyOnWriteArrayList<>();

    /** Created by Spring. */
    public Refunds() {
    }

    /**
     * Runs once per verified, deduplicated {@code refund.failed} event of the {@code stripe} endpoint.
     *
     * @param refund the event's data object
     * @param event the event (its id is the idempotency key to pass downstream)
     */
    @WebhookHandler(endpoint = "stripe", types = StripeEventTypes.REFUND_FAILED)
    void failed(RefundView refund, Event event) {
        failedRefunds.add(refund.id());
    }

    /**
     * The failed refunds recorded so far.
     *
     * @return a snapshot
     */
    public List<String> failedRefunds() {
        return List.copyOf(failedRefunds);
    }
}
