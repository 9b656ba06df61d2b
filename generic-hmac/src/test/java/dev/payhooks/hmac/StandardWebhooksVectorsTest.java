package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static dev.payhooks.hmac.Requests.assertRejected;
import static dev.payhooks.hmac.Requests.request;
import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Standard Webhooks preset against the reference library's published vector.
 *
 * <p>Source: standard-webhooks/standard-webhooks, libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java
 * ({@code verifyWebhookSignWorks}: key {@code whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}, msg id
 * {@code msg_p5jXN8AQM9LWM0D4loKWxJek}, timestamp 1614265330, payload {@code {"test": 2432232314}},
 * signature {@code v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=}; the same vector appears in the
 * other reference libraries' tests) and the multi-signature header of {@code
 * verifyValidPayloadWithMultipleSignaturesIsValid}. Header names, the 24-64 byte secret range and
 * the space-separated list come from the specification (standard-webhooks/standard-webhooks,
 * spec/standard-webhooks.md, "Signature scheme").
 */
class StandardWebhooksVectorsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(TIMESTAMP);
    private static final byte[] BODY = utf8("{\"test\": 2432232314}");
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(SECRET)).verifier();

    private static WebhookRequest signed(String signatureHeader) {
        return request(BODY, Map.of("webhook-id", MSG_ID, "webhook-timestamp", Long.toString(TIMESTAMP),
                "webhook-signature", signatureHeader));
    }

    @Test
    void signerReproducesTheReferenceSignature() {
        assertThat(HmacPresets.standardWebhooks().signer(SECRET).headers(BODY, SIGNED_AT, MSG_ID).values().stream().reduce((first, last) -> last).orElseThrow()).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheReferenceSignature() {
        assertThatCode(() -> verifier.verify(signed(SIGNATURE), SIGNED_AT)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSecretWithoutItsWhsecPrefixLikeTheReferenceLibraries() {
        SignatureVerifier unprefixed = HmacPresets.standardWebhooks().source(SecretResolver.of(SECRET.substring(6))).verifier();
        assertThatCode(() -> unprefixed.verify(signed(SIGNATURE), SIGNED_AT)).doesNotThrowAnyException();
    }

    @Test
    void acceptsSvixBrandedHeaders() {
        WebhookRequest svix = request(BODY, Map.of("svix-id", MSG_ID, "svix-timestamp", Long.toString(TIMESTAMP),
                "svix-signature", SIGNATURE));
        assertThatCode(() -> verifier.verify(svix, SIGNED_AT)).doesNotThrowAnyException();
    }

    @Test
    void acceptsWhenAnyOfSeveralSpaceSeparatedSignaturesMatches() {
        // Header from the reference test verifyValidPayloadWithMultipleSignaturesIsValid.
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertThatCode(() -> verifier.verify(signed(header), SIGNED_AT)).doesNotThrowAnyException();
    }

    @Test
    void ignoresOtherVersionsInsteadOfDowngrading() {
        // verifySignatureWithDifferentVersionThrowsException: a correct MAC under "v2," is not accepted.
        assertRejected(verifier, signed("v2," + SIGNATURE.substring(3)), SIGNED_AT, RejectionReason.NO_SUPPORTED_SIGNATURE);
    }

    @Test
    void rejectsTimestampsOutsideFiveMinutesInBothDirections() {
        assertThatCode(() -> verifier.verify(signed(SIGNATURE), SIGNED_AT.plusSeconds(300))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(signed(SIGNATURE), SIGNED_AT.minusSeconds(300))).doesNotThrowAnyException();
        assertRejected(verifier, signed(SIGNATURE), SIGNED_AT.plusSeconds(301), RejectionReason.TIMESTAMP_TOO_OLD);
        assertRejected(verifier, signed(SIGNATURE), SIGNED_AT.minusSeconds(301), RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void rejectsATamperedMessageId() {
        WebhookRequest other = request(BODY, Map.of("webhook-id", MSG_ID + "x", "webhook-timestamp", Long.toString(TIMESTAMP),
                "webhook-signature", SIGNATURE));
        assertRejected(verifier, other, SIGNED_AT, RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsSecretsOf24To64BytesAndRejectsOthersAtBuildTime() {
        String bytes24 = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        String bytes64 = "whsec_" + Base64.getEncoder().encodeToString(new byte[64]);
        assertThatCode(() -> HmacPresets.standardWebhooks().source(bytes24, bytes64)).doesNotThrowAnyException();

        String bytes23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        String bytes65 = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().source(bytes23))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("23 bytes").hasMessageContaining("24 to 64");
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().source(bytes24, bytes65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret 2").hasMessageContaining("65 bytes");
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().source("whsec_not*base64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not*base64");
    }

    @Test
    void refusesAPrivateKeyOnTheReceivingSide() {
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().source("whsk_" + Base64.getEncoder().encodeToString(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whpk_");
    }
}
