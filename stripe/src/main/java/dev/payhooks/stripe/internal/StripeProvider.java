package dev.payhooks.stripe.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.stripe.StripeWebhooks;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Stripe as a {@link WebhookProvider} service, for tools that find providers by name. */
public final class StripeProvider implements WebhookProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public StripeProvider() {
    }

    @Override
    public String name() {
        return StripeWebhooks.PROVIDER;
    }

    @Override
    public Tolerance defaultTolerance() {
        return StripeWebhooks.DEFAULT_TOLERANCE;
    }

    @Override
    public WebhookSource source(SecretResolver secrets, Tolerance tolerance) {
        return StripeWebhooks.builder().secretResolver(secrets).tolerance(tolerance).build();
    }

    @Override
    public WebhookSigner signer(List<String> secrets) {
        return StripeSigner.of(secrets);
    }

    @Override
    public List<String> deliveryHeaders() {
        return List.of(StripeWebhooks.SIGNATURE_HEADER);
    }

    @Override
    public String sampleEventType() {
        return "refund.failed";
    }

    @Override
    public String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** A snapshot event of API version 2024-06-20, as docs.stripe.com/api/events/object shows one. */
    @Override
    public byte[] sampleEvent(String type, String id, Instant created, boolean livemode) {
        Objects.requireNonNull(type, "type");
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id).put("object", "event").put("api_version", "2024-06-20")
                .put("created", created.getEpochSecond()).put("livemode", livemode)
                .put("pending_webhooks", 1).put("type", type);
        root.putObject("request").putNull("id").putNull("idempotency_key");
        root.putObject("data").set("object", dataObject(type));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a sample event", e);
        }
    }

    private static ObjectNode dataObject(String type) {
        ObjectNode object = JSON.createObjectNode();
        String prefix = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
        switch (prefix) {
            case "refund":
            case "charge.refund":
                object.put("id", "re_3MtwBwLkdIwHu7ix").put("object", "refund").put("amount", 1_000)
                        .put("charge", "ch_3MtwBwLkdIwHu7ix28a3tqPa").put("currency", "usd")
                        .put("status", type.endsWith("failed") ? "failed" : "succeeded")
                        .put("failure_reason", type.endsWith("failed") ? "expired_or_canceled_card" : null);
                break;
            case "payment_intent":
                object.put("id", "pi_3MtwBwLkdIwHu7ix28a3tqPa").put("object", "payment_intent")
                        .put("amount", 2_000).put("currency", "usd").put("status", "succeeded");
                object.putObject("metadata").put("checkoutId", "chk_demo_1");
                break;
            case "charge":
                object.put("id", "ch_3MtwBwLkdIwHu7ix28a3tqPa").put("object", "charge").put("amount", 2_000)
                        .put("currency", "usd").put("paid", true).put("status", "succeeded");
                break;
            default:
                object.put("id", "obj_1MtwBwLkdIwHu7ix").put("object", prefix.replace('.', '_'));
                break;
        }
        return object;
    }

    @Override
    public String toString() {
        return "WebhookProvider[" + name() + "]";
    }
}
