package dev.payhooks.hmac;

import dev.payhooks.Tolerance;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.time.Duration;

/**
 * The providers payhooks knows, each as an {@link HmacWebhooks} that follows the provider's public
 * documentation. Each call returns a new, immutable instance; change one with
 * {@link HmacWebhooks#redefine()}.
 *
 * <pre>{@code
 * WebhookSource yoco = HmacPresets.yoco().source(System.getenv("YOCO_WEBHOOK_SECRET"));
 * WebhookSource github = HmacPresets.github().source(System.getenv("GITHUB_WEBHOOK_SECRET"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HmacPresets {

    private HmacPresets() {
    }

    /**
     * Standard Webhooks (standardwebhooks.com; Svix and the providers built on it). Headers
     * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (or their
     * {@code svix-} equivalents); signed content {@code <id>.<timestamp>.<body>}; HMAC-SHA256,
     * base64; a space-separated list of {@code v1,<sig>} entries, with {@code v1a,<sig>} Ed25519
     * entries verified against {@code whpk_} public keys; {@code whsec_} + base64 secrets of 24 to
     * 64 bytes; 5 minutes tolerance both ways (as the reference libraries). The event id and the
     * idempotency key are the {@code webhook-id} (the spec says to deduplicate by it); type at
     * {@code /type}, created at {@code /timestamp}, data at {@code /data}. The spec does not say
     * where a payload names its object, so events carry no ordering object (the ordering guard
     * does not apply) unless you name one:
     * {@code standardWebhooks().redefine().events(e -> e.orderingObject("/data/object", "/data/id")).build()}.
     *
     * @return the provider, named {@code standard-webhooks}
     */
    public static HmacWebhooks standardWebhooks() {
        return HmacWebhooks.define("standard-webhooks").scheme(standardWebhooksScheme())
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .events(envelope -> envelope.idFromHeader("webhook-id", "svix-id").type("/type").created("/timestamp")
                        .data("/data"))
                .build();
    }

    /**
     * Yoco: Standard Webhooks signatures with the 3-minute tolerance Yoco recommends
     * (<a href="https://developer.yoco.com/online/api-reference/webhooks/verifying-events">Verifying the
     * events</a>), and Yoco's envelope {@code {id, type, createdDate, payload: {mode, metadata: {checkoutId}}}}.
     * The idempotency key is still the {@code webhook-id}. The
     * checkout id is available to filters as {@code event.at("/payload/metadata/checkoutId")} and as
     * the attribute {@code checkoutId}. For the ordering guard an event is about the object in
     * {@code payload} (its {@code id}; Yoco's ids are unique across object kinds, so the type is
     * simply {@code payload}), positioned by {@code createdDate}.
     *
     * @return the provider, named {@code yoco}
     */
    public static HmacWebhooks yoco() {
        return HmacWebhooks.define("yoco").scheme(standardWebhooksScheme())
                .tolerance(Tolerance.of(Duration.ofMinutes(3)))
                .events(envelope -> envelope.id("/id").type("/type").created("/createdDate").mode("/payload/mode")
                        .data("/payload").attribute("checkoutId", "/payload/metadata/checkoutId")
                        .orderingObjectOfType("payload", "/payload/id"))
                .build();
    }

    /**
     * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, key = the secret
     * as UTF-8, no timestamp (so no tolerance) (docs.github.com, "Validating webhook deliveries").
     * Event id from {@code X-GitHub-Delivery}, type from {@code X-GitHub-Event}, data = whole body.
     * Those two headers are <em>not signed</em>: the idempotency key is therefore the SHA-256 of the
     * body, so a captured body replayed under new delivery ids or another event type is a duplicate;
     * a replay after the store's retention runs again, since nothing signed carries a time.
     *
     * @return the provider, named {@code github}
     */
    public static HmacWebhooks github() {
        return bodyOnly("github", HmacScheme.builder().signatureHeader("X-Hub-Signature-256").schemePrefix("sha256=")
                .encoding(SignatureEncoding.HEX), "X-GitHub-Delivery", "X-GitHub-Event");
    }

    /**
     * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}, key = the app's
     * client secret as UTF-8, no timestamp (shopify.dev, "Verify webhooks"). Event id from
     * {@code X-Shopify-Webhook-Id}, type from {@code X-Shopify-Topic}, data = whole body. Those
     * headers are <em>not signed</em>, so the idempotency key is the SHA-256 of the body (see
     * {@link #github()}).
     *
     * @return the provider, named {@code shopify}
     */
    public static HmacWebhooks shopify() {
        return bodyOnly("shopify", HmacScheme.builder().signatureHeader("X-Shopify-Hmac-Sha256")
                .encoding(SignatureEncoding.BASE64), "X-Shopify-Webhook-Id", "X-Shopify-Topic");
    }

    /**
     * A provider that signs the body alone, without a timestamp (so without a tolerance), and sends
     * the event id and type in headers it does not sign; the data is the whole body.
     *
     * @param name the provider's name
     * @param signature the signature's header, prefix and encoding
     * @param idHeader the header with the delivery id, also the scheme's message id
     * @param typeHeader the header with the event type
     * @return the provider
     */
    private static HmacWebhooks bodyOnly(String name, HmacScheme.Builder signature, String idHeader, String typeHeader) {
        return HmacWebhooks.define(name)
                .scheme(signature.messageIdHeader(idHeader).signedContent("{body}").build())
                .tolerance(Tolerance.disabledForSchemesWithoutTimestamps())
                .events(envelope -> envelope.idFromHeader(idHeader).typeFromHeader(typeHeader).data(""))
                .build();
    }

    /**
     * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>} with the
     * timestamp from {@code X-Slack-Request-Timestamp}; key = the signing secret as UTF-8;
     * 5 minutes tolerance (api.slack.com, "Verifying requests from Slack"). Events API envelope: id
     * at {@code /event_id}, type at {@code /event/type}, created at {@code /event_time}, data at
     * {@code /event}.
     *
     * @return the provider, named {@code slack}
     */
    public static HmacWebhooks slack() {
        return HmacWebhooks.define("slack")
                .scheme(HmacScheme.builder()
                        .signatureHeader("X-Slack-Signature").schemePrefix("v0=").encoding(SignatureEncoding.HEX)
                        .timestampHeader("X-Slack-Request-Timestamp")
                        .signedContent("v0:{timestamp}:{body}")
                        .build())
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .events(envelope -> envelope.id("/event_id").type("/event/type").created("/event_time").data("/event"))
                .build();
    }

    /**
     * Paddle Billing: {@code Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>]} over
     * {@code <ts>:<body>}; key = the notification destination's secret as UTF-8; 5 minutes
     * tolerance both ways (developer.paddle.com, "Verify webhook signatures"). Envelope: id at
     * {@code /event_id}, type at {@code /event_type}, created at {@code /occurred_at}, data at
     * {@code /data}.
     *
     * @return the provider, named {@code paddle}
     */
    public static HmacWebhooks paddle() {
        return HmacWebhooks.define("paddle")
                .scheme(HmacScheme.builder()
                        .signatureHeader("Paddle-Signature").entrySeparator(";").schemePrefix("h1=")
                        .encoding(SignatureEncoding.HEX)
                        .timestampInSignatureHeader("ts=")
                        .signedContent("{timestamp}:{body}")
                        .build())
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .events(envelope -> envelope.id("/event_id").type("/event_type").created("/occurred_at").data("/data"))
                .build();
    }

    private static HmacScheme standardWebhooksScheme() {
        return HmacScheme.builder()
                .algorithm(HmacAlgorithm.SHA256)
                .signatureHeader("webhook-signature", "svix-signature")
                .entrySeparator(" ").schemePrefix("v1,").encoding(SignatureEncoding.BASE64)
                .ed25519SchemePrefix("v1a,")
                .timestampHeader("webhook-timestamp", "svix-timestamp")
                .messageIdHeader("webhook-id", "svix-id")
                .signedContent("{id}.{timestamp}.{body}")
                .keyDecoding(KeyDecoding.WHSEC_BASE64).keyLength(24, 64)
                .build();
    }
}
