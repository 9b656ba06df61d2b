package dev.payhooks.stripe;

import dev.payhooks.JsonLimits;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.stripe.internal.StripeSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeSignerTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"refund.failed\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void writesOneV1EntryPerSecretInOrder() {
        Map<String, String> headers = StripeWebhooks.signer("whsec_a", "whsec_b").headers(BODY, AT);

        assertThat(headers).containsOnlyKeys(StripeWebhooks.SIGNATURE_HEADER);
        assertThat(headers.get(StripeWebhooks.SIGNATURE_HEADER))
                .isEqualTo("t=1700000000,v1=" + StripeSigner.signature("whsec_a", 1_700_000_000L, BODY)
                        + ",v1=" + StripeSigner.signature("whsec_b", 1_700_000_000L, BODY));
    }

    @Test
    void usesWholeSecondsAndIgnoresAMessageId() {
        WebhookSigner signer = StripeWebhooks.signer("whsec_a");

        assertThat(signer.headers(BODY, AT.plusMillis(999), "msg_ignored")).isEqualTo(signer.headers(BODY, AT));
    }

    @Test
    void buildsARequestTheVerifierAccepts() {
        WebhookRequest request = StripeWebhooks.signer("whsec_a").request(BODY, AT);

        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(StripeWebhooks.source("whsec_a").verifier().verify(request, AT)).isEqualTo(Verification.verified());
    }

    @Test
    void refusesUnusableInput() {
        assertThatThrownBy(StripeWebhooks::signer).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeWebhooks.signer("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeWebhooks.signer("sk_test_123")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key");
        assertThatThrownBy(() -> StripeWebhooks.signer("whsec_a").headers(BODY, Instant.ofEpochSecond(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(StripeWebhooks.signer("whsec_s3cr3t").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void facadeAppliesTheConfiguredJsonLimits() {
        WebhookSource source = StripeWebhooks.builder().secrets("whsec_a")
                .jsonLimits(new JsonLimits(2, 1_000_000, 1000, 100, 100, 1000)).build();
        byte[] deep = "{\"id\":\"evt_1\",\"type\":\"a\",\"data\":{\"object\":{\"x\":{}}}}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = StripeWebhooks.signer("whsec_a").request(deep, AT);

        assertThatThrownBy(() -> source.decoder().decode(request, Verification.verified()))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED));
    }
}
