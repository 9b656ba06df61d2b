package dev.payhooks.hmac;

import dev.payhooks.Event;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.Tolerance;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Describing a provider without a preset, and the configuration errors the builder refuses. */
class HmacSchemeBuilderTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void describesAProviderWithoutAPresetStripeStyle() {
        // A Stripe-like layout: "t=<ts>,v1=<hex>[,v1=<hex>]" over "<ts>.<body>", SHA-512 for variety.
        HmacWebhooks acme = HmacWebhooks.define("acme")
                .scheme(HmacScheme.builder()
                        .algorithm(HmacAlgorithm.SHA512)
                        .signatureHeader("Acme-Signature").entrySeparator(",").schemePrefix("v1=")
                        .timestampInSignatureHeader("t=")
                        .signedContent("{timestamp}.{body}")
                        .build())
                .tolerance(Tolerance.of(Duration.ofMinutes(5), Duration.ofSeconds(30)))
                .events(envelope -> envelope.id("/event/id").type("/event/name").created("/event/at").mode("/livemode")
                        .data("/event/payload").attribute("shop", "/event/shop"))
                .build();
        byte[] body = utf8("{\"livemode\":false,\"event\":{\"id\":\"ev_9\",\"name\":\"order.paid\",\"at\":1700000000,"
                + "\"shop\":\"s_1\",\"payload\":{\"total\":10}}}");
        WebhookRequest request = acme.signer("acme-secret").request(body, NOW);
        assertThat(request.header("Acme-Signature").orElseThrow()).matches("t=1700000000,v1=[0-9a-f]{128}");

        // Independent MAC over the documented layout.
        String expected = HexFormat.of().formatHex(hmacSha512("acme-secret", "1700000000." + new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(request.header("Acme-Signature").orElseThrow()).endsWith(expected);

        WebhookSource source = acme.source("acme-secret");
        Verification verification = source.verifier().verify(request, NOW.plusSeconds(299));
        Event event = source.decoder().decode(request, verification);
        assertThat(event.provider()).isEqualTo("acme");
        assertThat(event.id()).isEqualTo("ev_9");
        assertThat(event.type()).isEqualTo("order.paid");
        assertThat(event.attribute("shop")).contains("s_1");
        assertThat(event.created()).contains(NOW);
        assertThat(event.mode()).isEqualTo(dev.payhooks.Mode.TEST);
        assertThat(event.idempotencyKey()).isEqualTo("ev_9");
        // The asymmetric tolerance: 30 s of future skew only.
        assertThatThrownBy(() -> source.verifier().verify(request, NOW.minusSeconds(31)))
                .isInstanceOf(dev.payhooks.WebhookVerificationException.class);
    }

    @Test
    void describesAnOmiseStyleSchemeWithBase64KeysAndCommaSeparatedSignatures() {
        String secret = Base64.getEncoder().encodeToString(utf8("omise-like-key"));
        HmacWebhooks scheme = HmacWebhooks.define("omise-like")
                .scheme(HmacScheme.builder()
                        .signatureHeader("Omise-Signature").entrySeparator(",")
                        .timestampHeader("Omise-Signature-Timestamp").signedContent("{timestamp}.{body}")
                        .keyDecoding(KeyDecoding.BASE64).build())
                .events(envelope -> envelope.type("/key")).build();
        String other = Base64.getEncoder().encodeToString(utf8("old-key"));
        WebhookRequest request = scheme.signer(other, secret).request(utf8("{\"id\":\"evnt_1\",\"key\":\"charge.complete\"}"), NOW, "");
        assertThat(request.header("Omise-Signature").orElseThrow()).matches("[0-9a-f]{64},[0-9a-f]{64}");
        assertThatCode(() -> scheme.source(SecretResolver.of(secret)).verifier().verify(request, NOW)).doesNotThrowAnyException();
    }

    @Test
    void presetsCanBeAdjustedThroughRedefineAndTheirSchemesThroughToBuilder() {
        HmacWebhooks strictYoco = HmacPresets.yoco().redefine().tolerance(Tolerance.of(Duration.ofSeconds(60))).build();
        assertThat(strictYoco.tolerance()).isEqualTo(Tolerance.of(Duration.ofSeconds(60)));
        assertThat(strictYoco.provider()).isEqualTo("yoco");
        assertThat(HmacPresets.yoco().tolerance()).isEqualTo(Tolerance.of(Duration.ofMinutes(3)));
        assertThat(HmacPresets.standardWebhooks().scheme().signedContent()).isEqualTo("{id}.{timestamp}.{body}");
        assertThat(HmacPresets.github().tolerance().isEnabled()).isFalse();
        assertThat(HmacPresets.paddle().scheme().entrySeparator()).contains(";");
        assertThat(HmacPresets.slack().scheme().schemePrefix()).isEqualTo("v0=");
        assertThat(HmacPresets.shopify().scheme().encoding()).isEqualTo(SignatureEncoding.BASE64);
        HmacScheme upperHex = HmacPresets.slack().scheme().toBuilder().schemePrefix("v9=").build();
        assertThat(upperHex.schemePrefix()).isEqualTo("v9=");
        assertThat(upperHex.signedContent()).isEqualTo("v0:{timestamp}:{body}");
        // Adding to a preset's envelope keeps what the preset described.
        HmacWebhooks withShop = HmacPresets.yoco().redefine().events(envelope -> envelope.attribute("mode", "/payload/mode")).build();
        byte[] body = utf8("{\"id\":\"evt_8\",\"type\":\"payment.succeeded\",\"payload\":{\"mode\":\"live\",\"metadata\":{\"checkoutId\":\"ch_1\"}}}");
        WebhookRequest request = withShop.signer(SecretsForTests.SW).request(body, NOW, "msg_8");
        Event event = withShop.source(SecretsForTests.SW).decoder().decode(request, Verification.verified());
        assertThat(event.attribute("mode")).contains("live");
        assertThat(event.attribute("checkoutId")).contains("ch_1");
        assertThat(event.id()).isEqualTo("evt_8");
    }

    @Test
    void idempotencyKeyIsTheMessageIdUnlessSwitchedToTheEventId() {
        String secret = SecretsForTests.SW;
        byte[] body = utf8("{\"id\":\"evt_7\",\"type\":\"payment.succeeded\",\"payload\":{}}");
        WebhookRequest request = HmacPresets.yoco().signer(secret).request(body, NOW, "msg_7");
        Event byMessage = HmacPresets.yoco().source(secret).decoder().decode(request, Verification.verified());
        assertThat(byMessage.idempotencyKey()).isEqualTo("msg_7");
        Event byEvent = HmacPresets.yoco().redefine().idempotencyKeyFromMessageId(false).build().source(secret).decoder()
                .decode(request, Verification.verified());
        assertThat(byEvent.idempotencyKey()).isEqualTo("evt_7");
    }

    @Test
    void refusesATimestampTemplateWithoutATimestampSource() {
        assertThatThrownBy(() -> HmacScheme.builder().signatureHeader("S").signedContent("{timestamp}.{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestampHeader");
    }

    @Test
    void refusesAnUnsignedTimestamp() {
        assertThatThrownBy(() -> HmacScheme.builder().signatureHeader("S").timestampHeader("T").signedContent("{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{timestamp}");
    }

    @Test
    void refusesToDisableTheToleranceOfASchemeWithTimestamps() {
        assertThatThrownBy(() -> HmacPresets.slack().redefine().tolerance(Tolerance.disabledForSchemesWithoutTimestamps()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be disabled");
        assertThatThrownBy(() -> HmacPresets.slack().builder().tolerance(Tolerance.disabledForSchemesWithoutTimestamps()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be disabled");
    }

    @Test
    void refusesAToleranceForASchemeWithoutTimestamps() {
        assertThatThrownBy(() -> HmacPresets.github().redefine().tolerance(Tolerance.of(Duration.ofMinutes(5))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("disabledForSchemesWithoutTimestamps");
        assertThatThrownBy(() -> HmacPresets.github().builder().tolerance(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signs no timestamp");
    }

    @Test
    void refusesAnIdTemplateWithoutAMessageIdHeader() {
        assertThatThrownBy(() -> HmacScheme.builder().signatureHeader("S").signedContent("{id}.{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("messageIdHeader");
    }

    @Test
    void refusesMalformedTemplates() {
        HmacScheme.Builder builder = HmacScheme.builder();
        assertThatThrownBy(() -> builder.signedContent("{body}.{timestamp}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end with {body}");
        assertThatThrownBy(() -> builder.signedContent("{ts}.{body}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> builder.signedContent("{id}{id}{body}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> builder.signedContent("a}{body}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesASchemeWithoutASignatureHeaderOrWithBadSettings() {
        assertThatThrownBy(() -> HmacScheme.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signatureHeader");
        assertThatThrownBy(() -> HmacWebhooks.define(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacWebhooks.define("x").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheme(");
        assertThatThrownBy(() -> HmacScheme.builder().signatureHeader("Bad:Name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacScheme.builder().entrySeparator("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacScheme.builder().keyLength(0, 10)).isInstanceOf(IllegalArgumentException.class);
        HmacScheme plain = HmacScheme.builder().signatureHeader("S").build();
        assertThatThrownBy(() -> HmacWebhooks.define("x").scheme(plain).events(envelope -> envelope.id("no-slash")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON pointer");
        assertThatThrownBy(() -> HmacScheme.builder().signatureHeader("S").timestampInSignatureHeader("t=")
                .signedContent("{timestamp}.{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("entrySeparator");
    }

    @Test
    void signerRefusesSeveralSecretsForASingleEntryHeader() {
        assertThatThrownBy(() -> HmacPresets.github().signer("a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().signer(SecretsForTests.SW).headers(new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message id");
    }

    private static byte[] hmacSha512(String key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
            mac.init(new javax.crypto.spec.SecretKeySpec(utf8(key), "HmacSHA512"));
            return mac.doFinal(utf8(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test secrets. */
    static final class SecretsForTests {
        static final String SW = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

        private SecretsForTests() {
        }
    }
}
