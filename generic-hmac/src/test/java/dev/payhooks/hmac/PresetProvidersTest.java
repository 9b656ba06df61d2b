package dev.payhooks.hmac;

import dev.payhooks.Event;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every preset as the service tools find by name: what its signer signs, its source verifies and decodes. */
class PresetProvidersTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "standard-webhooks, invoice.paid, webhook-signature|webhook-timestamp|webhook-id",
            "yoco, payment.succeeded, webhook-signature|webhook-timestamp|webhook-id",
            "github, push, X-Hub-Signature-256|X-GitHub-Delivery|X-GitHub-Event",
            "shopify, orders/paid, X-Shopify-Hmac-Sha256|X-Shopify-Webhook-Id|X-Shopify-Topic",
            "slack, app_mention, X-Slack-Signature|X-Slack-Request-Timestamp",
            "paddle, transaction.completed, Paddle-Signature"})
    void aSampleDeliverySignedByThePresetVerifiesAndDecodes(String name, String sampleType, String headers) {
        WebhookProvider provider = WebhookProvider.named(name).orElseThrow();
        String secret = name.equals("standard-webhooks") || name.equals("yoco") ? WHSEC : "a-plain-secret";
        String id = provider.newEventId();
        byte[] body = provider.sampleEvent(provider.sampleEventType(), id, NOW, false);

        WebhookRequest.Builder delivery = WebhookRequest.builder().body(body);
        provider.signer(List.of(secret)).headers(body, NOW, id).forEach(delivery::header);
        provider.eventTypeHeaders(provider.sampleEventType()).forEach(delivery::header);
        WebhookRequest request = delivery.build();
        WebhookSource source = provider.source(SecretResolver.of(secret), provider.defaultTolerance());
        Event event = source.decoder().decode(request, source.verifier().verify(request, NOW));

        assertThat(provider.name()).isEqualTo(name);
        assertThat(provider.sampleEventType()).isEqualTo(sampleType);
        assertThat(event.provider()).isEqualTo(name);
        assertThat(event.type()).isEqualTo(sampleType);
        assertThat(provider.deliveryHeaders()).containsExactly(headers.split("\\|"));
        assertThat(provider.messageIdHeader().isPresent()).isEqualTo(provider.deliveryHeaders().size() > 2);
        assertThat(provider.defaultTolerance().isEnabled()).isEqualTo(!name.equals("github") && !name.equals("shopify"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"github, X-GitHub-Event", "shopify, X-Shopify-Topic"})
    void theTypeTravelsInAHeaderOnlyWhereTheProviderPutsItThere(String name, String header) {
        assertThat(WebhookProvider.named(name).orElseThrow().eventTypeHeaders("t")).isEqualTo(Map.of(header, "t"));
        assertThat(WebhookProvider.named("paddle").orElseThrow().eventTypeHeaders("t")).isEmpty();
    }
}
