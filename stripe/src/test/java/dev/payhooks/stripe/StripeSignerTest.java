package dev.payhooks.stripe;

import dev.payhooks.JsonLimits;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeSignerTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"refund.failed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void writesOneV1EntryPerSecretInOrder() {
        String header = StripeSigner.of("whsec_a", "whsec_b").header(BODY, 1_700_000_000L);

        assertThat(header).isEqualTo("t=1700000000,v1=" + StripeSigner.signature("whsec_a", 1_700_000_000L, BODY)
                + ",v1=" + StripeSigner.signature("whsec_b", 1_700_000_000L, BODY));
    }

    @Test
    void usesWholeSecondsOfTheInstantAndUtf8ForText() {
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 999_000_000);
        String text = "{\"name\":\"Zoë\"}";

        assertThat(StripeSigner.of("whsec_a").header(text, at))
                .isEqualTo(StripeSigner.of("whsec_a").header(text.getBytes(StandardCharsets.UTF_8), 1_700_000_000L));
    }

    @Test
    void buildsARequestTheVerifierAccepts() {
        WebhookRequest request = StripeSigner.of("whsec_a").request(BODY, Instant.ofEpochSecond(1_700_000_000L));

        assertThat(request.header("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(StripeSignatureVerifier.of("whsec_a").verify(request, Instant.ofEpochSecond(1_700_000_000L)))
                .isEqualTo(Verification.verified());
    }

    @Test
    void refusesUnusableInput() {
        assertThatThrownBy(StripeSigner::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeSigner.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeSigner.of("whsec_a").header(BODY, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void facadeAppliesTheConfiguredJsonLimits() {
        WebhookSource source = StripeWebhooks.builder().secrets("whsec_a")
                .jsonLimits(new JsonLimits(2, 1_000_000, 1000, 100, 100, 1000)).build();
        byte[] deep = "{\"id\":\"evt_1\",\"type\":\"a\",\"data\":{\"object\":{\"x\":{}}}}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = StripeSigner.of("whsec_a").request(deep, Instant.ofEpochSecond(1_700_000_000L));

        assertThatThrownBy(() -> source.decoder().decode(request, Verification.verified()))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED));
    }
}
