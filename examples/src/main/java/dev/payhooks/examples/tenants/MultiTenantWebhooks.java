package dev.payhooks.examples.tenants;

import dev.payhooks.Event;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.stripe.StripeEventTypes;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;

import java.time.Clock;
import java.util.function.BiConsumer;

/**
 * One Stripe webhook endpoint for every merchant of a payment platform: the webhook URL a
 * merchant copies carries {@code ?merchantId=...&gatewayProfileId=...}, each gateway profile has its
 * own signing secret, and a rolled secret keeps working through the grace period.
 *
 * <pre>{@code
 * WebhookReceiver receiver = MultiTenantWebhooks.receiver(profiles, clock,
 *         (tenant, refund) -> payments.markReversalFailed(tenant, refund.id()));
 * HttpServer server = JdkWebhookServer.start(address, "/webhooks/stripe", receiver);
 * }</pre>
 *
 * <p>Deduplication is per tenant: the idempotency key holds the tenant, so one event id seen by
 * two profiles is handled once for each.
 */
public final class MultiTenantWebhooks {

    /** The query parameters naming the tenant, in the webhook URL shown to the merchant. */
    public static final TenantKey TENANT = TenantKey.queryParameters("merchantId", "gatewayProfileId");

    private MultiTenantWebhooks() {
    }

    /**
     * The receiver for the refund events the platform tracks.
     *
     * @param profiles the gateway profiles and their secrets
     * @param clock the clock (secrets' grace periods and timestamps are checked against it)
     * @param refundChanged called with the tenant and the refund for refund.failed, .created, .updated
     * @return the receiver
     */
    public static WebhookReceiver receiver(GatewayProfiles profiles, Clock clock, BiConsumer<String, RefundView> refundChanged) {
        return WebhookReceiver.builder()
                .source(StripeWebhooks.builder()
                        .secretResolver(SecretResolver.perTenant(TENANT, profiles::secretsOf))
                        .build())
                .clock(clock)
                .idempotencyStore(IdempotencyStore.inMemory())
                .on(StripeEventTypes.REFUND_FAILED, event -> refundChanged.accept(tenantOf(event), event.data(RefundView.class)))
                .on("refund.created", event -> refundChanged.accept(tenantOf(event), event.data(RefundView.class)))
                .on("refund.updated", event -> refundChanged.accept(tenantOf(event), event.data(RefundView.class)))
                .build();
    }

    private static String tenantOf(Event event) {
        // Set by the verifier from the secret lookup: the tenant whose secret verified the event.
        return event.tenant().orElseThrow();
    }
}
