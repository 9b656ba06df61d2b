package dev.payhooks.examples.springwithoutstarter;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands for the merchant's payment records: the failed refunds the webhook reported. */
@Component
public class RefundLedger {

    private final List<String> failedRefunds = new CopyOnWriteArrayList<>();

    /** Created by Spring. */
    public RefundLedger() {
    }

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
