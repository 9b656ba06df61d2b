package dev.payhooks.spi;

import dev.payhooks.WebhookRequest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a body the way a provider does, for your tests, local tools and the {@code payhooks} command.
 * Every provider module hands one out ({@code StripeWebhooks.signer(secret)},
 * {@code OmiseWebhooks.signer(secret)}, {@code HmacPresets.yoco().signer(secret)}), and every one
 * takes its arguments in the same order: the body, the signing instant, then the message id for
 * schemes that sign one.
 *
 * <pre>{@code
 * WebhookSigner signer = StripeWebhooks.signer("whsec_test_secret");
 * WebhookResponse response = receiver.receive(signer.request(body, clock.instant()));
 * Map<String, String> headers = HmacPresets.standardWebhooks().signer(secret).headers(body, now, "msg_1");
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe, and their {@code toString()} never shows a secret.
 *
 * @since 0.1.0
 */
public interface WebhookSigner {

    /**
     * The signature headers (and, for schemes that have them, timestamp and message-id headers) the
     * provider sends with this body.
     *
     * @param body the exact body bytes
     * @param signedAt the signing instant; whole seconds are used
     * @param messageId the delivery's message id, for schemes that sign or send one (Standard
     *                  Webhooks, GitHub, Shopify); ignored by the others
     * @return header names to values, in the order the provider sends them
     * @throws IllegalArgumentException when the instant is before 1970, or the scheme needs a message
     *         id and {@code messageId} is empty
     */
    Map<String, String> headers(byte[] body, Instant signedAt, String messageId);

    /**
     * The headers for a scheme without a message id (Stripe, Omise, Slack, Paddle).
     *
     * @param body the exact body bytes
     * @param signedAt the signing instant
     * @return header names to values
     * @throws IllegalArgumentException when the scheme needs a message id: call
     *         {@link #headers(byte[], Instant, String)}
     */
    default Map<String, String> headers(byte[] body, Instant signedAt) {
        return headers(body, signedAt, "");
    }

    /**
     * A complete signed request: the body, {@code Content-Type: application/json} and the headers.
     *
     * @param body the exact body bytes
     * @param signedAt the signing instant
     * @param messageId the message id, for schemes that sign or send one; ignored by the others
     * @return the request
     */
    default WebhookRequest request(byte[] body, Instant signedAt, String messageId) {
        WebhookRequest.Builder request = WebhookRequest.builder().body(Objects.requireNonNull(body, "body"))
                .header("Content-Type", "application/json");
        headers(body, signedAt, messageId).forEach(request::header);
        return request.build();
    }

    /**
     * A complete signed request, for a scheme without a message id.
     *
     * @param body the exact body bytes
     * @param signedAt the signing instant
     * @return the request
     * @throws IllegalArgumentException when the scheme needs a message id
     */
    default WebhookRequest request(byte[] body, Instant signedAt) {
        return request(body, signedAt, "");
    }
}
