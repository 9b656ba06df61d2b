package dev.payhooks.stripe;

import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.stripe.view.RefundView;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path through the receiver with a Stripe source, logged at TRACE: no secret, no signature
 * (sent or expected) and no body content may appear in the logs.
 */
class NoSecretsInLogsTest {

    private static final String SECRET = "whsec_logcapture_S3cr3tValue";
    private static final String TENANT_SECRET = "whsec_tenant_T3nantS3cret";
    private static final Instant NOW = Instant.parse("2025-01-21T12:00:00Z");

    @Test
    void logsNoSecretSignatureOrBody() {
        MutableClock clock = new MutableClock(NOW);
        byte[] body = Fixtures.event("payment_intent.succeeded");
        String bodyText = new String(body, StandardCharsets.UTF_8);
        List<String> sentHeaders = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(StripeWebhooks.source(SECRET))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .on(StripeEventTypes.PAYMENT_INTENT_SUCCEEDED, event -> {
                    throw new IllegalStateException("handler failed on purpose");
                })
                .on(StripeEventTypes.REFUND_FAILED, event -> event.data(RefundView.class))
                .build();
        WebhookReceiver perTenant = WebhookReceiver.builder()
                .source(StripeWebhooks.builder().secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("profile"),
                        tenant -> Map.of("gp_7", List.of(WebhookSecret.of(TENANT_SECRET))).getOrDefault(tenant, List.of()))).build())
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .build();

        try (LogCapture logs = LogCapture.open()) {
            send(receiver, sentHeaders, body, StripeSigner.of(SECRET).header(body, NOW));                  // handler fails
            send(receiver, sentHeaders, body, StripeSigner.of("whsec_wrong").header(body, NOW));           // forged
            send(receiver, sentHeaders, body, StripeSigner.of(SECRET).header(body, NOW.minusSeconds(900))); // stale
            send(receiver, sentHeaders, body, StripeSigner.of(SECRET).header(body, NOW.plusSeconds(900)));  // future
            send(receiver, sentHeaders, body, "t=" + NOW.getEpochSecond() + ",v0=" + "ab".repeat(32));     // v0 only
            send(receiver, sentHeaders, body, "garbage " + SECRET);                                        // malformed
            byte[] refund = Fixtures.event("refund.failed");
            send(receiver, sentHeaders, refund, StripeSigner.of(SECRET).header(refund, NOW));               // handled
            send(receiver, sentHeaders, refund, StripeSigner.of(SECRET).header(refund, NOW));               // duplicate
            byte[] notAnEvent = "{\"id\":\"evt_x\",\"secretive\":\"buyer@example.com\"}".getBytes(StandardCharsets.UTF_8);
            send(receiver, sentHeaders, notAnEvent, StripeSigner.of(SECRET).header(notAnEvent, NOW));       // decoding error
            perTenant.receive(WebhookRequest.builder().body(body).queryParameter("profile", "gp_7")
                    .header("Stripe-Signature", StripeSigner.of("whsec_wrong").header(body, NOW)).build());
            perTenant.receive(WebhookRequest.builder().body(body).queryParameter("profile", "gp_404")
                    .header("Stripe-Signature", StripeSigner.of(TENANT_SECRET).header(body, NOW)).build());

            String text = logs.text();
            assertThat(logs.lines()).as("the receiver logs these paths at all").isNotEmpty();
            assertThat(text).doesNotContain(SECRET).doesNotContain(TENANT_SECRET).doesNotContain("S3cr3t");
            for (String header : sentHeaders) {
                for (String entry : header.split(",")) {
                    if (entry.startsWith("v1=") || entry.startsWith("v0=")) {
                        assertThat(text).doesNotContain(entry.substring(3));
                    }
                }
            }
            assertThat(text).doesNotContain(StripeSigner.signature(SECRET, NOW.getEpochSecond(), body));
            assertThat(text).doesNotContain(StripeSigner.signature(SECRET, NOW.getEpochSecond() - 900, body));
            assertThat(text).doesNotContain(bodyText.substring(0, 40)).doesNotContain("buyer@example.com")
                    .doesNotContain("chk_77").doesNotContain("Order #1043").doesNotContain("cus_RdT5uV6wX7yZ8a");
        }
    }

    private static void send(WebhookReceiver receiver, List<String> sentHeaders, byte[] body, String header) {
        sentHeaders.add(header);
        receiver.receive(WebhookRequest.builder().body(body).header("Stripe-Signature", header).build());
    }
}
