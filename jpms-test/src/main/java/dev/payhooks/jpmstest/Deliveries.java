package dev.payhooks.jpmstest;

import dev.payhooks.WebhookRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries signed the way the providers document it, with {@code javax.crypto} and no payhooks
 * code: Stripe (https://docs.stripe.com/webhooks#verify-manually: HMAC-SHA256 keyed with the whole
 * {@code whsec_} string over {@code <t>.<body>}, hex) and Standard Webhooks
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md:
 * HMAC-SHA256 keyed with the base64 part of {@code whsec_<base64>} over
 * {@code <id>.<timestamp>.<body>}, base64).
 */
public final class Deliveries {

    /** The Stripe endpoint's signing secret. */
    public static final String STRIPE_SECRET = "whsec_jpms_consumer_test_secret";
    /** The Standard Webhooks endpoint's signing secret (32 bytes after the prefix). */
    public static final String STANDARD_WEBHOOKS_SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("a 32-byte module path test key!!".getBytes(StandardCharsets.US_ASCII));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Deliveries() {
    }

    /**
     * A Stripe {@code refund.failed} event.
     *
     * @param eventId the event id
     * @param refundId the refund id
     * @return the body
     */
    public static byte[] stripeRefundFailed(String eventId, String refundId) {
        return ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2023-10-16\",\"created\":1737487200,"
                + "\"data\":{\"object\":{\"id\":\"" + refundId + "\",\"object\":\"refund\",\"amount\":1000,"
                + "\"currency\":\"usd\",\"created\":1737400000,\"failure_reason\":\"expired_or_canceled_card\","
                + "\"metadata\":{},\"status\":\"failed\"}},\"livemode\":false,\"pending_webhooks\":1,"
                + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"refund.failed\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Standard Webhooks {@code order.paid} event.
     *
     * @param orderId the order id
     * @param amount the amount
     * @return the body
     */
    public static byte[] orderPaid(String orderId, long amount) {
        return ("{\"type\":\"order.paid\",\"timestamp\":\"2026-11-22T12:00:00Z\",\"data\":{\"orderId\":\"" + orderId
                + "\",\"amount\":" + amount + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Stripe's headers for a body.
     *
     * @param secret the secret to sign with
     * @param epochSeconds the signed timestamp
     * @param body the body
     * @return the headers
     */
    public static Map<String, String> stripeHeaders(String secret, long epochSeconds, byte[] body) {
        byte[] mac = hmac(secret.getBytes(StandardCharsets.UTF_8), (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII), body);
        return headers("Stripe-Signature", "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac));
    }

    /**
     * Standard Webhooks headers for a body.
     *
     * @param secret the {@code whsec_} secret to sign with
     * @param messageId the {@code webhook-id}
     * @param epochSeconds the signed timestamp
     * @param body the body
     * @return the headers
     */
    public static Map<String, String> standardWebhooksHeaders(String secret, String messageId, long epochSeconds, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] mac = hmac(key, (messageId + "." + epochSeconds + ".").getBytes(StandardCharsets.UTF_8), body);
        Map<String, String> headers = headers("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac));
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(epochSeconds));
        return headers;
    }

    /**
     * A request as an HTTP adapter would build it.
     *
     * @param body the body
     * @param headers the headers
     * @return the request
     */
    public static WebhookRequest request(byte[] body, Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return WebhookRequest.of(body, multi, Map.of());
    }

    /**
     * POSTs a delivery over HTTP.
     *
     * @param uri where to
     * @param body the body
     * @param headers the headers
     * @return the response status
     * @throws IOException when the request fails
     * @throws InterruptedException when interrupted
     */
    public static int post(URI uri, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> headers(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(name, value);
        return headers;
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
