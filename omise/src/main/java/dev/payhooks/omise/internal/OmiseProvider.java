package dev.payhooks.omise.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Omise as a {@link WebhookProvider} service, for tools that find providers by name. */
public final class OmiseProvider implements WebhookProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public OmiseProvider() {
    }

    @Override
    public String name() {
        return OmiseWebhooks.PROVIDER;
    }

    @Override
    public Tolerance defaultTolerance() {
        return OmiseWebhooks.DEFAULT_TOLERANCE;
    }

    @Override
    public WebhookSource source(SecretResolver secrets, Tolerance tolerance) {
        return OmiseWebhooks.builder().secretResolver(secrets).tolerance(tolerance).build();
    }

    @Override
    public WebhookSigner signer(List<String> secrets) {
        return OmiseSigner.of(secrets);
    }

    @Override
    public List<String> deliveryHeaders() {
        return List.of(OmiseWebhooks.SIGNATURE_HEADER, OmiseWebhooks.TIMESTAMP_HEADER);
    }

    @Override
    public String sampleEventType() {
        return "charge.complete";
    }

    @Override
    public String newEventId() {
        return "evnt_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
    }

    /** An event of API version 2019-05-29 carrying a successful charge (docs.omise.co/api-webhooks). */
    @Override
    public byte[] sampleEvent(String type, String id, Instant created, boolean livemode) {
        Objects.requireNonNull(type, "type");
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "event").put("id", id).put("livemode", livemode)
                .put("location", "/events/" + id).put("key", type).put("created_at", created.toString());
        int underscore = id.lastIndexOf('_');
        String suffix = underscore >= 0 ? id.substring(underscore + 1) : id;
        root.putObject("data").put("object", "charge").put("id", "chrg_test_" + suffix).put("livemode", livemode)
                .put("amount", 100_000).put("currency", "THB").put("status", "successful")
                .put("paid", true).put("created_at", created.toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a sample event", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookProvider[" + name() + "]";
    }
}
