package dev.payhooks.hmac.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.hmac.HmacPresets;
import dev.payhooks.hmac.HmacWebhooks;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The generic-HMAC presets as {@link WebhookProvider} services, one small class per preset (a
 * service is found by class), each naming its preset, an event type it really sends, where the
 * type travels when it is in a header, and the shape of a sample event.
 */
public abstract class PresetProvider implements WebhookProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HmacWebhooks preset;
    private final String sampleEventType;
    private final String eventTypeHeader;

    PresetProvider(Supplier<HmacWebhooks> preset, String sampleEventType, String eventTypeHeader) {
        this.preset = preset.get();
        this.sampleEventType = sampleEventType;
        this.eventTypeHeader = eventTypeHeader;
    }

    @Override
    public String name() {
        return preset.provider();
    }

    @Override
    public Tolerance defaultTolerance() {
        return preset.tolerance();
    }

    @Override
    public WebhookSource source(SecretResolver secrets, Tolerance tolerance) {
        return preset.builder().secretResolver(secrets).tolerance(tolerance).build();
    }

    @Override
    public WebhookSigner signer(List<String> secrets) {
        return HmacSigner.hmac(preset.scheme(), secrets);
    }

    @Override
    public List<String> deliveryHeaders() {
        List<String> headers = new ArrayList<>();
        headers.add(preset.scheme().signatureHeaders().get(0));
        preset.scheme().timestampHeaders().stream().findFirst().ifPresent(headers::add);
        preset.scheme().messageIdHeaders().stream().findFirst().ifPresent(headers::add);
        if (eventTypeHeader != null) {
            headers.add(eventTypeHeader);
        }
        return List.copyOf(headers);
    }

    @Override
    public Optional<String> messageIdHeader() {
        return preset.scheme().messageIdHeaders().stream().findFirst();
    }

    @Override
    public Map<String, String> eventTypeHeaders(String eventType) {
        Objects.requireNonNull(eventType, "eventType");
        return eventTypeHeader == null ? Map.of() : Map.of(eventTypeHeader, eventType);
    }

    @Override
    public String sampleEventType() {
        return sampleEventType;
    }

    @Override
    public byte[] sampleEvent(String type, String id, Instant created, boolean livemode) {
        Objects.requireNonNull(type, "type");
        ObjectNode root = JSON.createObjectNode();
        sample(root, type, id, created, livemode);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a sample event", e);
        }
    }

    /** Fills a sample event of the provider's shape. */
    abstract void sample(ObjectNode root, String type, String id, Instant created, boolean livemode);

    static String random(int length) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, length);
    }

    static String suffix(String id) {
        int underscore = id.lastIndexOf('_');
        String tail = (underscore >= 0 ? id.substring(underscore + 1) : id).replace("-", "");
        return tail.length() > 8 ? tail.substring(0, 8) : tail;
    }

    @Override
    public String toString() {
        return "WebhookProvider[" + name() + "]";
    }

    /** Standard Webhooks (Svix): an invoice event. */
    public static final class StandardWebhooks extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public StandardWebhooks() {
            super(HmacPresets::standardWebhooks, "invoice.paid", null);
        }

        @Override
        public String newEventId() {
            return "msg_" + random(27);
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("type", type).put("timestamp", created.toString());
            root.putObject("data").put("id", "inv_" + suffix(id)).put("amount_due", 2_000).put("currency", "eur");
        }
    }

    /** Yoco: a payment of a checkout (https://developer.yoco.com/online/api-reference/webhooks/verifying-events). */
    public static final class Yoco extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public Yoco() {
            super(HmacPresets::yoco, "payment.succeeded", null);
        }

        @Override
        public String newEventId() {
            return "evt_" + random(24);
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("id", id).put("type", type).put("createdDate", created.toString());
            ObjectNode payload = root.putObject("payload");
            payload.put("id", "p_" + suffix(id)).put("type", "payment").put("amount", 2_000).put("currency", "ZAR")
                    .put("status", "succeeded").put("mode", livemode ? "live" : "test");
            payload.putObject("metadata").put("checkoutId", "ch_" + suffix(id));
        }
    }

    /** GitHub: a push. */
    public static final class GitHub extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public GitHub() {
            super(HmacPresets::github, "push", "X-GitHub-Event");
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("ref", "refs/heads/main").put("before", "0000000000000000000000000000000000000000");
            root.putObject("repository").put("id", 1_296_269).put("full_name", "octocat/Hello-World");
            root.putObject("sender").put("login", "octocat");
        }
    }

    /** Shopify: a paid order. */
    public static final class Shopify extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public Shopify() {
            super(HmacPresets::shopify, "orders/paid", "X-Shopify-Topic");
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("id", 820_982_911_946_154_508L).put("email", "jon@example.com")
                    .put("total_price", "403.00").put("currency", "USD").put("financial_status", "paid");
        }
    }

    /** Slack: an Events API callback. */
    public static final class Slack extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public Slack() {
            super(HmacPresets::slack, "app_mention", null);
        }

        @Override
        public String newEventId() {
            return "Ev" + random(10).toUpperCase(Locale.ROOT);
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("token", "XXYYZZ").put("team_id", "T123ABC456").put("api_app_id", "A123ABC456")
                    .put("type", "event_callback").put("event_id", id).put("event_time", created.getEpochSecond());
            root.putObject("event").put("type", type).put("user", "U123ABC456").put("text", "hello")
                    .put("channel", "C123ABC456");
        }
    }

    /** Paddle Billing: a completed transaction. */
    public static final class Paddle extends PresetProvider {
        /** For {@link java.util.ServiceLoader}. */
        public Paddle() {
            super(HmacPresets::paddle, "transaction.completed", null);
        }

        @Override
        public String newEventId() {
            return "evt_" + random(26);
        }

        @Override
        void sample(ObjectNode root, String type, String id, Instant created, boolean livemode) {
            root.put("event_id", id).put("event_type", type).put("occurred_at", created.toString())
                    .put("notification_id", "ntf_" + suffix(id));
            root.putObject("data").put("id", "txn_" + suffix(id)).put("status", "completed").put("currency_code", "USD");
        }
    }
}
