package dev.payhooks.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.omise.OmiseSigner;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.Tolerance;
import dev.payhooks.stripe.StripeSigner;
import dev.payhooks.stripe.StripeSignatureVerifier;
import dev.payhooks.stripe.StripeWebhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The providers the command speaks, each mapped onto the library's own source and signer: the
 * command never implements a scheme itself, so what it verifies is what the library verifies.
 */
public enum Provider {
    /** Stripe: {@code Stripe-Signature: t=...,v1=...}, secrets {@code whsec_...}. */
    STRIPE("stripe", "refund.failed"),
    /** Omise: {@code Omise-Signature} and {@code Omise-Signature-Timestamp}, base64 secrets. */
    OMISE("omise", "charge.complete"),
    /** Standard Webhooks (Svix): {@code webhook-id/-timestamp/-signature}, secrets {@code whsec_...}. */
    STANDARD_WEBHOOKS("standard-webhooks", "invoice.paid"),
    /** GitHub: {@code X-Hub-Signature-256: sha256=...}, no timestamp. */
    GITHUB("github", "push"),
    /** Shopify: {@code X-Shopify-Hmac-Sha256} (base64), no timestamp. */
    SHOPIFY("shopify", "orders/paid"),
    /** Slack: {@code X-Slack-Signature: v0=...} over {@code v0:ts:body}. */
    SLACK("slack", "app_mention"),
    /** Paddle Billing: {@code Paddle-Signature: ts=...;h1=...}. */
    PADDLE("paddle", "transaction.completed");

    /**
     * A window so wide that no real timestamp falls outside it: how {@code --no-timestamp-check}
     * keeps every other check of a timestamped scheme (the library refuses to disable them).
     */
    static final Duration NO_TIMESTAMP_CHECK = Duration.ofDays(365L * 100_000);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String cliName;
    private final String sampleType;

    Provider(String cliName, String sampleType) {
        this.cliName = cliName;
        this.sampleType = sampleType;
    }

    /**
     * The name used on the command line, e.g. {@code standard-webhooks}.
     *
     * @return the name
     */
    public String cliName() {
        return cliName;
    }

    /**
     * An event type the provider really sends, used when none is given.
     *
     * @return the type
     */
    public String sampleType() {
        return sampleType;
    }

    /**
     * The provider for a command-line name.
     *
     * @param name the name, case-insensitive
     * @return the provider
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Provider parse(String name) {
        String wanted = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        for (Provider p : values()) {
            if (p.cliName.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + name + "'; use one of " + names());
    }

    /**
     * The accepted command-line names, comma-separated.
     *
     * @return the names
     */
    public static String names() {
        return Arrays.stream(values()).map(Provider::cliName).collect(Collectors.joining(", "));
    }

    /**
     * Whether the scheme signs a timestamp (and so checks its age).
     *
     * @return {@code false} for GitHub and Shopify
     */
    public boolean signsTimestamp() {
        return this != GITHUB && this != SHOPIFY;
    }

    /**
     * Whether deliveries carry a message id header that is signed or identifies the event.
     *
     * @return whether {@code --id} matters
     */
    public boolean usesMessageIdHeader() {
        return this == STANDARD_WEBHOOKS || this == GITHUB || this == SHOPIFY;
    }

    /**
     * The library's source for this provider with these secrets.
     *
     * @param secrets the secrets, exactly as the provider shows them; at least one
     * @param tolerance the timestamp window, or empty for the provider's default
     * @param timestampCheck {@code false} to accept any timestamp age (replaying a capture)
     * @return the source
     * @throws IllegalArgumentException when the scheme rejects a secret or the tolerance
     */
    public WebhookSource source(List<String> secrets, Optional<Duration> tolerance, boolean timestampCheck) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give the signing secret with --secret (twice during a rotation)");
        }
        Optional<Tolerance> window = timestampCheck
                ? tolerance.map(Tolerance::of)
                : Optional.of(Tolerance.of(NO_TIMESTAMP_CHECK));
        switch (this) {
            case STRIPE: {
                StripeWebhooks.Builder b = StripeWebhooks.builder().secrets(secrets.toArray(String[]::new));
                window.ifPresent(b::tolerance);
                return b.build();
            }
            case OMISE: {
                OmiseWebhooks.Builder b = OmiseWebhooks.builder();
                secrets.forEach(b::secret);
                window.ifPresent(b::tolerance);
                return b.build();
            }
            default: {
                HmacScheme scheme = scheme();
                if (window.isPresent() && scheme.tolerance().isEnabled()) {
                    scheme = scheme.toBuilder().tolerance(window.get()).build();
                }
                return scheme.source(secrets.toArray(String[]::new));
            }
        }
    }

    /**
     * The headers a delivery of this body carries, signed with every secret.
     *
     * @param secrets the secrets
     * @param body the body
     * @param timestamp the signing time
     * @param messageId the message id (schemes with an id header); ignored otherwise
     * @param eventType the event type, sent as a header by schemes that carry it there; may be null
     * @return header names to values, in the order the provider sends them
     * @throws IllegalArgumentException when the scheme rejects a secret
     */
    public Map<String, String> sign(List<String> secrets, byte[] body, Instant timestamp, String messageId,
                                    String eventType) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give the signing secret with --secret");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        switch (this) {
            case STRIPE:
                headers.put(StripeSignatureVerifier.HEADER,
                        StripeSigner.of(secrets.toArray(String[]::new)).header(body, timestamp.getEpochSecond()));
                break;
            case OMISE:
                headers.putAll(OmiseSigner.of(secrets.toArray(String[]::new)).headers(timestamp.getEpochSecond(), body));
                break;
            default:
                headers.putAll(scheme().signer(secrets.toArray(String[]::new)).headers(body, timestamp, messageId));
                break;
        }
        if (eventType != null && this == GITHUB) {
            headers.put("X-GitHub-Event", eventType);
        } else if (eventType != null && this == SHOPIFY) {
            headers.put("X-Shopify-Topic", eventType);
        }
        return headers;
    }

    /**
     * A fresh message or event id in the provider's style.
     *
     * @return the id
     */
    public String newId() {
        String random = UUID.randomUUID().toString().replace("-", "");
        switch (this) {
            case STRIPE:
                return "evt_" + random.substring(0, 24);
            case OMISE:
                return "evnt_test_" + random.substring(0, 19);
            case STANDARD_WEBHOOKS:
                return "msg_" + random.substring(0, 27);
            case SLACK:
                return "Ev" + random.substring(0, 10).toUpperCase(Locale.ROOT);
            case PADDLE:
                return "evt_" + random.substring(0, 26);
            default:
                return UUID.randomUUID().toString();
        }
    }

    /**
     * A realistic sample event of this type, shaped as the provider sends it.
     *
     * @param type the event type
     * @param id the event id (for schemes with an id header, the id goes there instead)
     * @param created the creation time
     * @param livemode whether the event claims live mode
     * @return the JSON body
     */
    public byte[] sampleEvent(String type, String id, Instant created, boolean livemode) {
        Objects.requireNonNull(type, "type");
        ObjectNode root = JSON.createObjectNode();
        switch (this) {
            case STRIPE: {
                root.put("id", id).put("object", "event").put("api_version", "2024-06-20")
                        .put("created", created.getEpochSecond()).put("livemode", livemode)
                        .put("pending_webhooks", 1).put("type", type);
                root.putObject("request").putNull("id").putNull("idempotency_key");
                root.putObject("data").set("object", stripeObject(type));
                break;
            }
            case OMISE: {
                root.put("object", "event").put("id", id).put("livemode", livemode)
                        .put("location", "/events/" + id).put("key", type).put("created_at", created.toString());
                ObjectNode charge = root.putObject("data");
                charge.put("object", "charge").put("id", "chrg_test_" + suffix(id)).put("livemode", livemode)
                        .put("amount", 100_000).put("currency", "THB").put("status", "successful")
                        .put("paid", true).put("created_at", created.toString());
                break;
            }
            case STANDARD_WEBHOOKS: {
                root.put("type", type).put("timestamp", created.toString());
                root.putObject("data").put("id", "inv_" + suffix(id)).put("amount_due", 2_000).put("currency", "eur");
                break;
            }
            case GITHUB: {
                root.put("ref", "refs/heads/main").put("before", "0000000000000000000000000000000000000000");
                root.putObject("repository").put("id", 1_296_269).put("full_name", "octocat/Hello-World");
                root.putObject("sender").put("login", "octocat");
                break;
            }
            case SHOPIFY: {
                root.put("id", 820_982_911_946_154_508L).put("email", "jon@example.com")
                        .put("total_price", "403.00").put("currency", "USD").put("financial_status", "paid");
                break;
            }
            case SLACK: {
                root.put("token", "XXYYZZ").put("team_id", "T123ABC456").put("api_app_id", "A123ABC456")
                        .put("type", "event_callback").put("event_id", id).put("event_time", created.getEpochSecond());
                root.putObject("event").put("type", type).put("user", "U123ABC456").put("text", "hello")
                        .put("channel", "C123ABC456");
                break;
            }
            case PADDLE:
            default: {
                root.put("event_id", id).put("event_type", type).put("occurred_at", created.toString())
                        .put("notification_id", "ntf_" + suffix(id));
                root.putObject("data").put("id", "txn_" + suffix(id)).put("status", "completed")
                        .put("currency_code", "USD");
                break;
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write a sample event", e);
        }
    }

    private static ObjectNode stripeObject(String type) {
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

    private static String suffix(String id) {
        int underscore = id.lastIndexOf('_');
        String tail = (underscore >= 0 ? id.substring(underscore + 1) : id).replace("-", "");
        return tail.length() > 8 ? tail.substring(0, 8) : tail;
    }

    private HmacScheme scheme() {
        switch (this) {
            case STANDARD_WEBHOOKS:
                return HmacScheme.standardWebhooks();
            case GITHUB:
                return HmacScheme.github();
            case SHOPIFY:
                return HmacScheme.shopify();
            case SLACK:
                return HmacScheme.slack();
            case PADDLE:
                return HmacScheme.paddle();
            default:
                throw new IllegalStateException(cliName + " is not a generic HMAC scheme");
        }
    }
}
