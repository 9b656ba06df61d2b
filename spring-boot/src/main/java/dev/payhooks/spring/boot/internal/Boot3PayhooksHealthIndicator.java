package dev.payhooks.spring.boot.internal;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** The {@code payhooks} health indicator for Spring Boot 3.5 ({@code org.springframework.boot.actuate.health}). */
public final class Boot3PayhooksHealthIndicator implements HealthIndicator {

    private final PayhooksHealth health;

    /**
     * Creates the indicator.
     *
     * @param health the check it reports
     */
    public Boot3PayhooksHealthIndicator(PayhooksHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        PayhooksHealth.Result result = health.check();
        return Health.status(new Status(result.status())).withDetails(result.details()).build();
    }
}
