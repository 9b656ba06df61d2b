package dev.payhooks.spring.boot.internal;

import dev.payhooks.spring.boot.PayhooksConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link PayhooksConfigurationException} at startup into Spring Boot's "APPLICATION FAILED
 * TO START" report: what is wrong, and the action, without a stack trace to read through.
 */
public final class PayhooksFailureAnalyzer extends AbstractFailureAnalyzer<PayhooksConfigurationException> {

    /** Created by Spring Boot. */
    public PayhooksFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PayhooksConfigurationException cause) {
        return new FailureAnalysis("payhooks cannot receive webhooks with this configuration: " + cause.getMessage(),
                "Change the payhooks.* property or the @WebhookHandler method named above"
                        + " (every property: the README of payhooks-spring-boot-starter).", cause);
    }
}
