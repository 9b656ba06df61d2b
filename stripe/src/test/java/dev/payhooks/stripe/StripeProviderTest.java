package dev.payhooks.stripe;

import dev.payhooks.Event;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.stripe.view.RefundView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stripe as the service tools find by name. */
class StripeProviderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void isFoundByNameAndSignsWhatItsSourceVerifies() {
        WebhookProvider stripe = WebhookProvider.named("Stripe").orElseThrow();
        String id = stripe.newEventId();
        byte[] body = stripe.sampleEvent(stripe.sampleEventType(), id, NOW, false);

        WebhookRequest request = stripe.signer(List.of("whsec_provider")).request(body, NOW);
        WebhookSource source = stripe.source(SecretResolver.of("whsec_provider"), stripe.defaultTolerance());
        Verification verification = source.verifier().verify(request, NOW);
        Event event = source.decoder().decode(request, verification);

        assertThat(stripe.name()).isEqualTo(StripeWebhooks.PROVIDER);
        assertThat(id).startsWith("evt_");
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.type()).isEqualTo("refund.failed");
        assertThat(event.data(RefundView.class).failureReason()).contains("expired_or_canceled_card");
        assertThat(stripe.deliveryHeaders()).containsExactly("Stripe-Signature");
        assertThat(stripe.messageIdHeader()).isEmpty();
        assertThat(stripe.eventTypeHeaders("refund.failed")).isEmpty();
        assertThat(stripe.defaultTolerance()).isEqualTo(StripeWebhooks.DEFAULT_TOLERANCE);
    }

    @Test
    void samplesOfOtherTypesAreStripeShaped() {
        WebhookProvider stripe = WebhookProvider.named("stripe").orElseThrow();
        for (String type : List.of("payment_intent.succeeded", "charge.succeeded", "customer.created", "refund.\"quoted\"")) {
            byte[] body = stripe.sampleEvent(type, "evt_1", NOW, true);
            Event event = StripeWebhooks.source("whsec_x").decoder().decode(
                    WebhookRequest.builder().body(body).build(), Verification.verified());
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.at("/data/object/id")).isPresent();
            assertThat(event.mode()).isEqualTo(dev.payhooks.Mode.LIVE);
        }
    }
}
