package dev.payhooks.spring.boot.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** The {@code payhooks} health indicator for Spring Boot 4 ({@code org.springframework.boot.health}). */
public final class PayhooksHealthIndicator implements HealthIndicator {

    private final PayhooksHealth health;

    /**
     * Creates the indicator.
     *
     * @param health the check it reports
     */
    public PayhooksHealthIndicator(PayhooksHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        PayhooksHealth.Result result = health.check();
        return Health.status(new Status(result.status())).withDetails(result.details()).build();
    }
}
