package dev.payhooks.examples.quarkus;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Stripe receiver as a CDI bean: the signing secret from configuration, one handler. */
@ApplicationScoped
public class StripeReceiver {

    /** Created by CDI. */
    public StripeReceiver() {
    }

    /**
     * The receiver the webhook filter hands deliveries to.
     *
     * @param secret the endpoint's signing secret ({@code whsec_...}), e.g. from the
     *               {@code STRIPE_WEBHOOK_SECRET} environment variable
     * @param maxBodyBytes the largest body accepted
     * @param ledger where failed refunds go
     * @return the receiver
     */
    @Produces
    @ApplicationScoped
    WebhookReceiver stripe(@ConfigProperty(name = "stripe.webhook-secret") String secret,
                           @ConfigProperty(name = "stripe.max-body-bytes", defaultValue = "65536") int maxBodyBytes,
                           RefundLedger ledger) {
        return WebhookReceiver.builder()
                .source(StripeWebhooks.source(secret))
                .maxBodyBytes(maxBodyBytes)
                .on("refund.failed", event -> ledger.refundFailed(event.data(RefundView.class).id()))
                .build();
    }
}
