package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.payhooks.hmac.Requests.assertRejected;
import static dev.payhooks.hmac.Requests.request;
import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Each preset against its provider's documented example (or, where only a recipe is published, openssl). */
class ProviderDocumentedExamplesTest {

    // Source: GitHub Docs, "Validating webhook deliveries", section "Testing the webhook payload
    // validation": https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    // (secret, payload and expected signature as published; also recomputed with
    // `printf 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody"`).
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_BODY = "Hello, World!";
    private static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // Source: Slack API docs, "Verifying requests from Slack", step-by-step walk-through:
    // https://api.slack.com/authentication/verifying-requests-from-slack (signing secret,
    // timestamp, slash-command body and resulting signature as published; also recomputed with
    // `printf 'v0:1531420618:<body>' | openssl dgst -sha256 -hmac 8f742231b10e8888abcd99yyyzzz85a5`).
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long SLACK_TIMESTAMP = 1531420618L;
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    // Source: Shopify Dev docs, "Verify webhook deliveries"
    // (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries) publish only the recipe:
    // base64(HMAC-SHA256(client secret as UTF-8, raw body)) in X-Shopify-Hmac-Sha256. Expected
    // value computed independently with
    // `printf '%s' '<body>' | openssl dgst -sha256 -hmac 'shpss_hush_not_a_real_secret' -binary | base64`.
    private static final String SHOPIFY_SECRET = "shpss_hush_not_a_real_secret";
    private static final String SHOPIFY_BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"topic\":\"orders/create\"}";
    private static final String SHOPIFY_SIGNATURE = "nseGYF9EnWTtxpv99fvZkmmDLwhV5INc5id+UDlZEjg=";

    // Source: Paddle Developer docs, "Verify webhook signatures"
    // (https://developer.paddle.com/webhooks/signature-verification) publish the recipe
    // (HMAC-SHA256 of "<ts>:<raw body>" with the destination's secret key, header
    // "ts=<ts>;h1=<hex>") and the example timestamp 1671552777, but not a secret/body pair. Expected
    // value computed independently with
    // `printf '%s' '1671552777:<body>' | openssl dgst -sha256 -hmac '<secret>'`.
    private static final String PADDLE_SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI";
    private static final long PADDLE_TIMESTAMP = 1671552777L;
    private static final String PADDLE_BODY = "{\"event_id\":\"evt_01gks14ge726w50ch2tmaw2a1x\",\"event_type\":\"transaction.completed\","
            + "\"occurred_at\":\"2022-12-20T16:12:57.000Z\",\"data\":{\"id\":\"txn_01\"}}";
    private static final String PADDLE_H1 = "68f189803315d42135790fb94134ecff2780edb201606f9a3edeebc99c1fc02a";

    @Test
    void githubAcceptsTheDocumentedSignatureAndSignerReproducesIt() {
        SignatureVerifier verifier = HmacPresets.github().source(SecretResolver.of(GITHUB_SECRET)).verifier();
        WebhookRequest request = request(utf8(GITHUB_BODY), Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE));
        // No timestamp is signed: any instant verifies.
        assertThatCode(() -> verifier.verify(request, Instant.parse("2030-01-01T00:00:00Z"))).doesNotThrowAnyException();
        assertThat(HmacPresets.github().signer(GITHUB_SECRET).headers(utf8(GITHUB_BODY), Instant.EPOCH, "d1").values().stream().reduce((first, last) -> last).orElseThrow())
                .isEqualTo(GITHUB_SIGNATURE);
        assertRejected(verifier, request(utf8(GITHUB_BODY + " "), Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE)),
                Instant.EPOCH, RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void slackAcceptsTheDocumentedSignatureWithinFiveMinutes() {
        SignatureVerifier verifier = HmacPresets.slack().source(SecretResolver.of(SLACK_SECRET)).verifier();
        WebhookRequest request = request(utf8(SLACK_BODY), Map.of(
                "X-Slack-Signature", SLACK_SIGNATURE, "X-Slack-Request-Timestamp", Long.toString(SLACK_TIMESTAMP)));
        Instant signedAt = Instant.ofEpochSecond(SLACK_TIMESTAMP);
        assertThatCode(() -> verifier.verify(request, signedAt.plusSeconds(300))).doesNotThrowAnyException();
        assertRejected(verifier, request, signedAt.plusSeconds(301), RejectionReason.TIMESTAMP_TOO_OLD);
        assertRejected(verifier, request, signedAt.minusSeconds(301), RejectionReason.TIMESTAMP_IN_FUTURE);
        assertThat(HmacPresets.slack().signer(SLACK_SECRET).headers(utf8(SLACK_BODY), signedAt, "").values().stream().reduce((first, last) -> last).orElseThrow())
                .isEqualTo(SLACK_SIGNATURE);
    }

    @Test
    void shopifyAcceptsTheOpensslComputedSignature() {
        SignatureVerifier verifier = HmacPresets.shopify().source(SecretResolver.of(SHOPIFY_SECRET)).verifier();
        WebhookRequest request = request(utf8(SHOPIFY_BODY), Map.of("X-Shopify-Hmac-Sha256", SHOPIFY_SIGNATURE));
        assertThatCode(() -> verifier.verify(request, Instant.EPOCH)).doesNotThrowAnyException();
        assertThat(HmacPresets.shopify().signer(SHOPIFY_SECRET).headers(utf8(SHOPIFY_BODY), Instant.EPOCH, "w1").values().stream().reduce((first, last) -> last).orElseThrow())
                .isEqualTo(SHOPIFY_SIGNATURE);
    }

    @Test
    void paddleAcceptsTheOpensslComputedSignatureAlsoBesideARotatedOne() {
        SignatureVerifier verifier = HmacPresets.paddle().source(SecretResolver.of(PADDLE_SECRET)).verifier();
        Instant signedAt = Instant.ofEpochSecond(PADDLE_TIMESTAMP);
        String header = "ts=" + PADDLE_TIMESTAMP + ";h1=" + PADDLE_H1;
        assertThatCode(() -> verifier.verify(request(utf8(PADDLE_BODY), Map.of("Paddle-Signature", header)), signedAt))
                .doesNotThrowAnyException();
        // During a secret rotation Paddle sends one h1 per active secret.
        String rotated = "ts=" + PADDLE_TIMESTAMP + ";h1=" + "0".repeat(64) + ";h1=" + PADDLE_H1;
        assertThatCode(() -> verifier.verify(request(utf8(PADDLE_BODY), Map.of("Paddle-Signature", rotated)), signedAt))
                .doesNotThrowAnyException();
        assertThat(HmacPresets.paddle().signer(PADDLE_SECRET).headers(utf8(PADDLE_BODY), signedAt, "").values().stream().reduce((first, last) -> last).orElseThrow())
                .isEqualTo(header);
    }
}
