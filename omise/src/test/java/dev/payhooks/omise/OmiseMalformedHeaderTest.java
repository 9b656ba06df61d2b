package dev.payhooks.omise;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A;
import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_B;
import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static dev.payhooks.omise.OmiseFixtures.SIGNED_AT;
import static dev.payhooks.omise.OmiseFixtures.TS;
import static dev.payhooks.omise.OmiseFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Every malformed header ends in {@link WebhookVerificationException} with its reason code. */
class OmiseMalformedHeaderTest {

    private static final String SIG = "Omise-Signature";
    private static final String TIME = "Omise-Signature-Timestamp";
    private static final String GOOD_TS = Long.toString(TS);

    private final SignatureVerifier verifier = OmiseWebhooks.source(SECRET_A).verifier();

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                // Absent or repeated headers
                Arguments.of("no signature header", req(b -> b.header(TIME, GOOD_TS)), RejectionReason.MISSING_SIGNATURE_HEADER),
                Arguments.of("no timestamp header", req(b -> b.header(SIG, CHARGE_COMPLETE_A)), RejectionReason.MISSING_TIMESTAMP),
                Arguments.of("no headers at all", req(b -> b), RejectionReason.MISSING_SIGNATURE_HEADER),
                Arguments.of("X-Omise-Signature header name only", req(b -> b.header("X-Omise-Signature", CHARGE_COMPLETE_A)
                        .header(TIME, GOOD_TS)), RejectionReason.MISSING_SIGNATURE_HEADER),
                Arguments.of("signature header twice", req(b -> b.header(SIG, CHARGE_COMPLETE_A).header(SIG, CHARGE_COMPLETE_A)
                        .header(TIME, GOOD_TS)), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("timestamp header twice", req(b -> b.header(SIG, CHARGE_COMPLETE_A).header(TIME, GOOD_TS)
                        .header(TIME, GOOD_TS)), RejectionReason.MALFORMED_TIMESTAMP),
                // Signature header shape
                Arguments.of("empty signature", sig(""), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("blank signature", sig("   "), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("lone comma", sig(","), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("trailing comma", sig(CHARGE_COMPLETE_A + ","), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("leading comma", sig("," + CHARGE_COMPLETE_A), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("double comma", sig(CHARGE_COMPLETE_B + ",," + CHARGE_COMPLETE_A), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("64 non-hex characters", sig("z".repeat(64)), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("Stripe-style t=,v1= header", sig("t=" + TS + ",v1=" + CHARGE_COMPLETE_A), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("scheme prefix on the signature", sig("sha256=" + CHARGE_COMPLETE_A), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("base64 instead of hex", sig("2YqKKt/OwKqYINU8KBtyurbLJV0ETKvtOkStBkCf4iA="), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("odd number of hex digits", sig(CHARGE_COMPLETE_A.substring(1)), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("non-ASCII in the signature", sig(CHARGE_COMPLETE_A.substring(2) + "\u00e9\u00e9"), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("semicolon separator", sig(CHARGE_COMPLETE_B + ";" + CHARGE_COMPLETE_A), RejectionReason.MALFORMED_SIGNATURE_HEADER),
                Arguments.of("truncated hex (62 digits)", sig(CHARGE_COMPLETE_A.substring(2)), RejectionReason.NO_SUPPORTED_SIGNATURE),
                Arguments.of("SHA-1 length hex (40 digits)", sig(CHARGE_COMPLETE_A.substring(0, 40)), RejectionReason.NO_SUPPORTED_SIGNATURE),
                Arguments.of("SHA-512 length hex (128 digits)", sig(CHARGE_COMPLETE_A + CHARGE_COMPLETE_B), RejectionReason.NO_SUPPORTED_SIGNATURE),
                Arguments.of("17 signatures", sig(String.join(",", java.util.Collections.nCopies(17, CHARGE_COMPLETE_B))),
                        RejectionReason.SIGNATURE_HEADER_TOO_LARGE),
                Arguments.of("signature header over 4096 characters", sig("a".repeat(4098)), RejectionReason.SIGNATURE_HEADER_TOO_LARGE),
                Arguments.of("well-formed but wrong signature", sig("0".repeat(64)), RejectionReason.NO_MATCHING_SIGNATURE),
                // Timestamp header shape
                Arguments.of("empty timestamp", ts(""), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("plus sign", ts("+" + TS), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("negative", ts("-" + TS), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("leading zero", ts("0" + TS), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("leading space", ts(" " + TS), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("fraction", ts(TS + ".5"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("exponent", ts("1.73227e9"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("milliseconds beyond 12 digits", ts(TS + "000"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("ISO-8601 date", ts("2024-11-22T10:06:40Z"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("Arabic-Indic digits", ts("\u0661\u0667\u0663\u0662\u0662\u0667\u0660\u0660\u0660\u0660"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("fullwidth digits", ts("\uff11\uff17\uff13\uff12\uff12\uff17\uff10\uff10\uff10\uff10"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("hex timestamp", ts("0x673fa7b0"), RejectionReason.MALFORMED_TIMESTAMP),
                Arguments.of("timestamp header over 4096 characters", ts("1".repeat(5000)), RejectionReason.SIGNATURE_HEADER_TOO_LARGE),
                // A timestamp far outside any window, with a valid shape: checked after the (failing) signature.
                Arguments.of("zero timestamp", ts("0"), RejectionReason.NO_MATCHING_SIGNATURE));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformedHeaders")
    void rejectsMalformedHeaderWithItsReason(String description, WebhookRequest request, RejectionReason expected) {
        assertThatThrownBy(() -> verifier.verify(request, SIGNED_AT))
                .as(description)
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(expected);
                    assertThat(e.getMessage()).doesNotContain(CHARGE_COMPLETE_A).doesNotContain(SECRET_A);
                });
    }

    @Test
    void coversAtLeastTwentyMalformedCases() {
        assertThat(malformedHeaders().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void ignoresUnusableEntriesBesideAValidSignature() {
        WebhookRequest request = sig("zz," + CHARGE_COMPLETE_A.substring(0, 40) + "," + CHARGE_COMPLETE_A);
        verifier.verify(request, SIGNED_AT);
    }

    @Test
    void randomHeadersOnlyEverRaiseTheVerificationException() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String alphabet = "0123456789abcdefABCDEF,; =+-.tv\t\u0661\uff11" + CHARGE_COMPLETE_A;
        for (int i = 0; i < 3000; i++) {
            String signature = randomText(random, alphabet, random.nextInt(200));
            String timestamp = random.nextBoolean() ? GOOD_TS : randomText(random, alphabet, random.nextInt(16));
            WebhookRequest request = WebhookRequest.builder().body(body("transfer.destroy"))
                    .header(SIG, signature).header(TIME, timestamp).build();
            try {
                verifier.verify(request, SIGNED_AT);
            } catch (WebhookVerificationException expected) {
                assertThat(expected.reason()).as("seed %d, case %d", seed, i).isNotNull();
            } catch (RuntimeException e) {
                fail("seed " + seed + ", case " + i + ": unexpected " + e, e);
            }
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static WebhookRequest req(UnaryOperator<WebhookRequest.Builder> headers) {
        return headers.apply(WebhookRequest.builder().body(body("charge.complete"))).build();
    }

    private static WebhookRequest sig(String signature) {
        return req(b -> b.header(SIG, signature).header(TIME, GOOD_TS));
    }

    private static WebhookRequest ts(String timestamp) {
        return req(b -> b.header(SIG, CHARGE_COMPLETE_A).header(TIME, timestamp));
    }
}
