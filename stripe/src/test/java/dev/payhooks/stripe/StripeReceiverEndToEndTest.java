package dev.payhooks.stripe;

import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.stripe.internal.StripeEventDecoder;
import dev.payhooks.Event;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.stripe.view.PaymentIntentView;
import dev.payhooks.stripe.view.RefundView;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole pipeline: core's WebhookReceiver with a Stripe source, real in-memory store, a Clock. */
class StripeReceiverEndToEndTest {

    private static final String SECRET = "whsec_e2e_8d7c6b5a";
    private static final Instant NOW = Instant.parse("2025-01-21T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final List<RefundView> failedRefunds = new ArrayList<>();
    private final List<String> paymentIntents = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<String> fetched = new ArrayList<>();

    private WebhookReceiver receiver(StripeWebhooks.Builder source) {
        return WebhookReceiver.builder()
                .source(source.build())
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .on(StripeEventTypes.REFUND_FAILED, event -> failedRefunds.add(event.data(RefundView.class)))
                .on(StripeEventTypes.ALL_PAYMENT_INTENT, event -> paymentIntents.add(event.data(PaymentIntentView.class).id()))
                .on("v1.billing.meter.error_report_triggered",
                        event -> StripeEvents.fetchRelatedObject(event, ref -> "fetched " + ref.url()).ifPresent(fetched::add))
                .otherwise(event -> ignored.add(event.type()))
                .build();
    }

    @Test
    void handlesASignedRefundFailedOnceAndAcknowledgesTheDuplicate() {
        WebhookReceiver receiver = receiver(StripeWebhooks.builder().secrets(SECRET));
        WebhookRequest delivery = StripeSigner.of(SECRET).request(Fixtures.event("refund.failed"), NOW);

        WebhookResponse first = receiver.receive(delivery);
        WebhookResponse again = receiver.receive(delivery);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(first.event().map(Event::provider)).contains("stripe");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(failedRefunds).hasSize(1);
        assertThat(failedRefunds.get(0).failureReason()).isEqualTo("expired_or_canceled_card");
    }

    @Test
    void routesByExactTypePrefixAndFallback() {
        WebhookReceiver receiver = receiver(StripeWebhooks.builder().secrets(SECRET));
        StripeSigner signer = StripeSigner.of(SECRET);

        assertThat(receiver.receive(signer.request(Fixtures.event("payment_intent.succeeded"), NOW)).status()).isEqualTo(200);
        assertThat(receiver.receive(signer.request(Fixtures.event("charge.dispute.created"), NOW)).status()).isEqualTo(200);
        assertThat(receiver.receive(signer.request(Fixtures.event("balance.available"), NOW)).status()).isEqualTo(200);

        assertThat(paymentIntents).containsExactly("pi_3QkX1dLkdIwHu7ix2Gm9QwEr");
        assertThat(ignored).containsExactly("charge.dispute.created", "balance.available");
    }

    @Test
    void handlesAThinEventThroughTheFetchHook() {
        WebhookReceiver receiver = receiver(StripeWebhooks.builder().secrets(SECRET));

        WebhookResponse response = receiver.receive(
                StripeSigner.of(SECRET).request(Fixtures.event("thin.v1.billing.meter.error_report_triggered"), NOW));

        assertThat(response.status()).isEqualTo(200);
        assertThat(fetched).containsExactly("fetched /v1/billing/meters/mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU");
    }

    @Test
    void rejectsForgedStaleAndFutureDeliveriesWithoutRunningHandlers() {
        WebhookReceiver receiver = receiver(StripeWebhooks.builder().secrets(SECRET));
        byte[] body = Fixtures.event("refund.failed");

        WebhookResponse forged = receiver.receive(StripeSigner.of("whsec_attacker").request(body, NOW));
        WebhookResponse stale = receiver.receive(StripeSigner.of(SECRET).request(body, NOW.minusSeconds(301)));
        WebhookResponse future = receiver.receive(StripeSigner.of(SECRET).request(body, NOW.plusSeconds(301)));
        WebhookResponse unsigned = receiver.receive(WebhookRequest.builder().body(body).build());

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.reason()).contains(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(future.status()).isEqualTo(401);
        assertThat(future.reason()).contains(RejectionReason.TIMESTAMP_IN_FUTURE);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.reason()).contains(RejectionReason.MISSING_SIGNATURE_HEADER);
        for (WebhookResponse response : List.of(forged, stale, future, unsigned)) {
            assertThat(response.body()).doesNotContainIgnoringCase("timestamp").doesNotContainIgnoringCase("match");
        }
        assertThat(failedRefunds).isEmpty();
    }

    @Test
    void acceptsBothSecretsUntilTheRollEnds() {
        Instant rollEnds = NOW.plus(Duration.ofHours(24));
        WebhookReceiver receiver = receiver(StripeWebhooks.builder()
                .secret(WebhookSecret.of("whsec_new_1"))
                .secret(WebhookSecret.of("whsec_old_1", rollEnds)));
        byte[] body = Fixtures.event("refund.failed");

        assertThat(receiver.receive(StripeSigner.of("whsec_old_1").request(body, NOW)).status()).isEqualTo(200);
        clock.set(rollEnds.plusSeconds(1));
        byte[] other = Fixtures.event("refund.created");
        assertThat(receiver.receive(StripeSigner.of("whsec_old_1").request(other, clock.instant())).status()).isEqualTo(401);
        assertThat(receiver.receive(StripeSigner.of("whsec_new_1", "whsec_old_1").request(other, clock.instant())).status())
                .isEqualTo(200);
    }

    @Test
    void servesOneEndpointPerMerchantAndGatewayProfile() {
        Map<String, List<WebhookSecret>> profiles = Map.of(
                "m_42/gp_7", List.of(WebhookSecret.of("whsec_gp7")),
                "m_43/gp_9", List.of(WebhookSecret.of("whsec_gp9")));
        List<String> tenants = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.builder()
                        .secretResolver(SecretResolver.perTenant(TenantKey.queryParameters("merchant", "profile"),
                                tenant -> profiles.getOrDefault(tenant, List.of())))
                        .build())
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .on(StripeEventTypes.ALL_REFUND, event -> tenants.add(event.tenant().orElseThrow()))
                .build();
        byte[] body = Fixtures.event("refund.failed");

        assertThat(receiver.receive(forProfile(body, "m_42", "gp_7", "whsec_gp7")).status()).isEqualTo(200);
        // The same event id for another profile is another tenant's event, not a duplicate.
        assertThat(receiver.receive(forProfile(body, "m_43", "gp_9", "whsec_gp9")).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(receiver.receive(forProfile(body, "m_42", "gp_7", "whsec_gp9")).status()).isEqualTo(401);
        WebhookResponse unknown = receiver.receive(forProfile(body, "m_42", "gp_8", "whsec_gp7"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.reason()).contains(RejectionReason.UNKNOWN_TENANT);
        assertThat(tenants).containsExactly("m_42/gp_7", "m_43/gp_9");
    }

    @Test
    void answers500WhenTheHandlerFailsAndRunsItAgainOnStripesRetry() {
        AtomicInteger attempts = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .on(StripeEventTypes.REFUND_FAILED, event -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("ledger briefly unavailable");
                    }
                })
                .build();
        byte[] body = Fixtures.event("refund.failed");

        assertThat(receiver.receive(StripeSigner.of(SECRET).request(body, NOW)).status()).isEqualTo(500);
        clock.advance(Duration.ofMinutes(1));
        assertThat(receiver.receive(StripeSigner.of(SECRET).request(body, clock.instant())).status()).isEqualTo(200);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void answers400ForASignedBodyThatIsNotAnEvent() {
        WebhookReceiver receiver = receiver(StripeWebhooks.builder().secrets(SECRET));

        WebhookResponse response = receiver.receive(StripeSigner.of(SECRET).request("{\"id\":\"evt_1\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), NOW));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).contains(RejectionReason.MISSING_EVENT_FIELD);
    }

    @Test
    void exposesProviderNameStripe() {
        assertThat(StripeWebhooks.source(SECRET).provider()).isEqualTo("stripe");
        assertThat(StripeWebhooks.PROVIDER).isEqualTo("stripe");
        assertThat(StripeWebhooks.source(SECRET).verifier()).isInstanceOf(dev.payhooks.stripe.internal.StripeVerifier.class);
        assertThat(StripeWebhooks.source(SECRET).decoder()).isInstanceOf(StripeEventDecoder.class);
    }

    private static WebhookRequest forProfile(byte[] body, String merchant, String profile, String secret) {
        return WebhookRequest.builder()
                .body(body)
                .header("Stripe-Signature", StripeSigner.of(secret).header(body, NOW))
                .queryParameter("merchant", merchant)
                .queryParameter("profile", profile)
                .build();
    }
}
