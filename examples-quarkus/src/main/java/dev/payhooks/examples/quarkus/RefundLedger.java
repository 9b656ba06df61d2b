package dev.payhooks.examples.quarkus;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands for the merchant's payment records: the failed refunds the webhook reported. */
@ApplicationScoped
public class RefundLedger {

    private final List<String> failedRefunds = new CopyOnWriteArrayList<>();

    /**
     * Records a failed refund.
     *
     * @param refundId the refund id
     */
    public void refundFailed(String refundId) {
        failedRefunds.add(refundId);
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
