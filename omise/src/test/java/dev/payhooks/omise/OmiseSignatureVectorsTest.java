package dev.payhooks.omise;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.omise.internal.OmiseSigner;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A;
import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A_BODY_ONLY;
import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A_TS_PLUS_1;
import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_B;
import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static dev.payhooks.omise.OmiseFixtures.SECRET_B;
import static dev.payhooks.omise.OmiseFixtures.SIGNED_AT;
import static dev.payhooks.omise.OmiseFixtures.TS;
import static dev.payhooks.omise.OmiseFixtures.body;
import static dev.payhooks.omise.OmiseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Independent vectors: every expected signature was computed with OpenSSL from the documented
 * recipe (src/test/resources/omise/SOURCES.md has the command and the bodies' sources).
 */
class OmiseSignatureVectorsTest {

    private final SignatureVerifier verifierA = OmiseWebhooks.source(SECRET_A).verifier();

    // Vectors: openssl dgst -sha256 -mac HMAC -macopt hexkey:<base64-decoded A> over "1732270000.<body>";
    // bodies from omise-java / omise-go fixtures (SOURCES.md).
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "charge.complete,  d98a8a2adfcec0aa9820d53c281b72bab6cb255d044cabed3a44ad06409fe220",
            "charge.create,    4222202778da2fc92ae1b3612f4bf1d68b6d4085dcefb0ce9a012b8330a735f4",
            "refund.create,    ba07c6a53277aa83d474ca0f679f955b04d8b3ce8570f128d021f648850979a6",
            "transfer.fail,    4d5b51519c1f72731c6b86083ae36a8562cb63e43b729d48393edd66a89fb056",
            "dispute.create,   0f64d469e08e6cb80adf7238c32bbac80994476bbeaca6e7925ca9249c2c399f",
            "unknown.key,      20d5fefafc4c432707a3cd552f655c30ae06af26f0c2a7f025dd2841a17ebc59",
            "transfer.destroy, 0c699ba215fab1ef063bd862dc7434d135debe747a4d0c9c3e67bc23aeed76f3",
    })
    void acceptsOpensslVectorAndSignerReproducesIt(String name, String expected) {
        byte[] body = body(name);
        assertThatCode(() -> verifierA.verify(request(body, Long.toString(TS), expected), SIGNED_AT)).doesNotThrowAnyException();
        assertThat(OmiseSigner.of(SECRET_A).signature(body, TS)).isEqualTo(expected);
    }

    @Test
    void acceptsEitherSignatureDuringRotationWhicheverSecretIsConfigured() {
        byte[] body = body("charge.complete");
        String rotationHeader = CHARGE_COMPLETE_B + "," + CHARGE_COMPLETE_A;
        for (SignatureVerifier verifier : new SignatureVerifier[] {
                OmiseWebhooks.source(SECRET_A).verifier(), OmiseWebhooks.source(SECRET_B).verifier(),
                OmiseWebhooks.source(SECRET_B, SECRET_A).verifier()}) {
            assertThatCode(() -> verifier.verify(request(body, Long.toString(TS), rotationHeader), SIGNED_AT))
                    .as(verifier.toString()).doesNotThrowAnyException();
        }
        // Order does not matter, and the signer writes what Omise writes during a rotation.
        assertThatCode(() -> verifierA.verify(request(body, Long.toString(TS), CHARGE_COMPLETE_A + "," + CHARGE_COMPLETE_B), SIGNED_AT))
                .doesNotThrowAnyException();
        assertThat(OmiseSigner.of(SECRET_B, SECRET_A).signature(body, TS)).isEqualTo(rotationHeader);
    }

    @Test
    void acceptsOldSecretOnlyUntilItsNotAfterInstant() {
        byte[] body = body("charge.complete");
        SignatureVerifier verifier = OmiseWebhooks.builder()
                .secrets(SECRET_B)
                .secret(SECRET_A, SIGNED_AT.minusSeconds(1))
                .build().verifier();
        assertThatCode(() -> verifier.verify(request(body, Long.toString(TS), CHARGE_COMPLETE_B), SIGNED_AT))
                .doesNotThrowAnyException();
        assertReason(() -> verifier.verify(request(body, Long.toString(TS), CHARGE_COMPLETE_A), SIGNED_AT),
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void rejectsWithNoActiveSecretWhenEverySecretHasExpired() {
        SignatureVerifier verifier = OmiseWebhooks.builder().secret(SECRET_A, SIGNED_AT.minusSeconds(1)).build().verifier();
        assertReason(() -> verifier.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT), RejectionReason.NO_ACTIVE_SECRET);
    }

    @Test
    void rejectsTamperedBody() {
        byte[] body = body("charge.complete");
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("\"amount\": 100000", "\"amount\": 100001");
        assertThat(text).isNotEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        byte[] tampered = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertReason(() -> verifierA.verify(request(tampered, Long.toString(TS), CHARGE_COMPLETE_A), SIGNED_AT),
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void rejectsEveryOneByteChangeOfTheBody() {
        byte[] body = body("transfer.destroy");
        for (int i = 0; i < body.length; i++) {
            byte[] changed = body.clone();
            changed[i] ^= 0x01;
            int position = i;
            assertReason(() -> verifierA.verify(request(changed, Long.toString(TS), OmiseFixtures.TRANSFER_DESTROY_A), SIGNED_AT),
                    RejectionReason.NO_MATCHING_SIGNATURE, "byte " + position);
        }
    }

    @Test
    void rejectsWrongSecret() {
        assertReason(() -> OmiseWebhooks.source(SECRET_B).verifier().verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT),
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void rejectsSignatureReplayedWithAnotherTimestamp() {
        byte[] body = body("charge.complete");
        assertReason(() -> verifierA.verify(request(body, Long.toString(TS + 1), CHARGE_COMPLETE_A), SIGNED_AT),
                RejectionReason.NO_MATCHING_SIGNATURE);
        // ...while the signature OpenSSL made for that timestamp verifies.
        assertThatCode(() -> verifierA.verify(request(body, Long.toString(TS + 1), CHARGE_COMPLETE_A_TS_PLUS_1), SIGNED_AT))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsBodyOnlySignature() {
        // Some published Omise examples sign the body alone; the timestamped scheme does not accept it.
        assertReason(() -> verifierA.verify(request(body("charge.complete"), Long.toString(TS), CHARGE_COMPLETE_A_BODY_ONLY), SIGNED_AT),
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsTimestampsExactlyAtTheDefaultToleranceInBothDirections() {
        WebhookRequest request = OmiseFixtures.signedChargeComplete();
        assertThat(OmiseWebhooks.DEFAULT_TOLERANCE).isEqualTo(Tolerance.of(Duration.ofSeconds(300)));
        assertThatCode(() -> verifierA.verify(request, SIGNED_AT.plusSeconds(300))).doesNotThrowAnyException();
        assertThatCode(() -> verifierA.verify(request, SIGNED_AT.minusSeconds(300))).doesNotThrowAnyException();
    }

    @Test
    void rejectsStaleTimestamp() {
        assertReason(() -> verifierA.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT.plusSeconds(301)),
                RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> verifierA.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT.plus(Duration.ofDays(3))),
                RejectionReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void rejectsFutureTimestamp() {
        assertReason(() -> verifierA.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT.minusSeconds(301)),
                RejectionReason.TIMESTAMP_IN_FUTURE);
        assertReason(() -> verifierA.verify(OmiseFixtures.signedChargeComplete(), Instant.EPOCH),
                RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void honoursConfiguredTolerance() {
        SignatureVerifier wide = OmiseWebhooks.builder().secrets(SECRET_A)
                .tolerance(Tolerance.of(Duration.ofMinutes(15), Duration.ofSeconds(30))).build().verifier();
        assertThatCode(() -> wide.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT.plusSeconds(900))).doesNotThrowAnyException();
        assertReason(() -> wide.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT.minusSeconds(31)),
                RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void staleForgeryIsReportedAsForgeryNotAsLate() {
        // The timestamp is checked only once the signature matched, so TIMESTAMP_TOO_OLD always means
        // a real Omise delivery that arrived late (or a wrong clock).
        assertReason(() -> verifierA.verify(request(body("charge.complete"), Long.toString(TS), CHARGE_COMPLETE_B),
                SIGNED_AT.plus(Duration.ofDays(1))), RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsSpacesAroundEntries() {
        byte[] body = body("charge.complete");
        assertThatCode(() -> verifierA.verify(request(body, Long.toString(TS), " " + CHARGE_COMPLETE_B + " ,\t" + CHARGE_COMPLETE_A + " "), SIGNED_AT))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsUpperCaseHexLikeAHexStringComparison() {
        // Omise sends lower-case hex, and a receiver that compares hex strings (PHP's hash_equals, say)
        // never accepts an upper-case copy of a valid signature; core's HEX decoding accepts only lower case.
        assertReason(() -> verifierA.verify(request(body("charge.complete"), Long.toString(TS),
                CHARGE_COMPLETE_A.toUpperCase(Locale.ROOT)), SIGNED_AT), RejectionReason.MALFORMED_SIGNATURE_HEADER);
    }

    @Test
    void matchesHeaderNamesCaseInsensitively() {
        WebhookRequest request = WebhookRequest.builder().body(body("charge.complete"))
                .header("omise-signature", CHARGE_COMPLETE_A)
                .header("OMISE-SIGNATURE-TIMESTAMP", Long.toString(TS))
                .build();
        assertThatCode(() -> verifierA.verify(request, SIGNED_AT)).doesNotThrowAnyException();
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectionReason reason) {
        assertReason(call, reason, "");
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectionReason reason, String description) {
        assertThatThrownBy(call).as(description)
                .isInstanceOf(WebhookVerificationException.class)
                .extracting(e -> ((WebhookVerificationException) e).reason())
                .isEqualTo(reason);
    }
}
