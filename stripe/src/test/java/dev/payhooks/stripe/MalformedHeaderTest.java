package dev.payhooks.stripe;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static dev.payhooks.RejectionReason.MALFORMED_SIGNATURE_HEADER;
import static dev.payhooks.RejectionReason.MALFORMED_TIMESTAMP;
import static dev.payhooks.RejectionReason.MISSING_SIGNATURE_HEADER;
import static dev.payhooks.RejectionReason.MISSING_TIMESTAMP;
import static dev.payhooks.RejectionReason.NO_MATCHING_SIGNATURE;
import static dev.payhooks.RejectionReason.NO_SUPPORTED_SIGNATURE;
import static dev.payhooks.RejectionReason.SIGNATURE_HEADER_TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every kind of malformed {@code Stripe-Signature} header ends in {@link WebhookVerificationException}
 * with the documented reason, never another exception. Each header carries, where it has one, the
 * valid signature of the body, so only the malformation decides.
 */
class MalformedHeaderTest {

    private static final String SECRET = "whsec_malformed_header_table";
    private static final long T = 1_737_400_800L;
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"refund.failed\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIG = StripeSigner.signature(SECRET, T, BODY);
    private static final String V1 = "v1=" + SIG;
    private static final String TS = "t=" + T;

    private final SignatureVerifier verifier = StripeWebhooks.source(SECRET).verifier();

    static Stream<Arguments> headers() {
        return Stream.of(
                arguments("empty value", "", MALFORMED_SIGNATURE_HEADER),
                arguments("no entries, just text", "bad_header", MALFORMED_SIGNATURE_HEADER),
                arguments("prose", "i'm not even a real signature header", MALFORMED_SIGNATURE_HEADER),
                arguments("bare t", "t", MALFORMED_SIGNATURE_HEADER),
                arguments("only commas", ",,", MALFORMED_SIGNATURE_HEADER),
                arguments("bare t and commas", "t,,", MALFORMED_SIGNATURE_HEADER),
                arguments("bare t with empty schemes", "t,v1=,v0=", MALFORMED_SIGNATURE_HEADER),
                arguments("trailing comma", TS + "," + V1 + ",", MALFORMED_SIGNATURE_HEADER),
                arguments("leading comma", "," + TS + "," + V1, MALFORMED_SIGNATURE_HEADER),
                arguments("empty entry in the middle", TS + ",," + V1, MALFORMED_SIGNATURE_HEADER),
                arguments("duplicate t, same value", TS + "," + TS + "," + V1, MALFORMED_SIGNATURE_HEADER),
                arguments("duplicate t, other value", TS + ",t=" + (T - 1000) + "," + V1, MALFORMED_SIGNATURE_HEADER),
                arguments("empty key", "=" + T + "," + V1, MALFORMED_SIGNATURE_HEADER),
                arguments("empty key before signature", TS + ",=" + SIG, MALFORMED_SIGNATURE_HEADER),
                arguments("colon instead of equals", TS + ",v1:" + SIG, MALFORMED_SIGNATURE_HEADER),
                arguments("no timestamp", V1, MISSING_TIMESTAMP),
                arguments("no timestamp, upper-case T", "T=" + T + "," + V1, MISSING_TIMESTAMP),
                arguments("empty timestamp", "t=," + V1, MALFORMED_TIMESTAMP),
                arguments("timestamp not a number", "t=not_a_number," + V1, MALFORMED_TIMESTAMP),
                arguments("timestamp with leading zero", "t=0" + T + "," + V1, MALFORMED_TIMESTAMP),
                arguments("timestamp with plus sign", "t=+" + T + "," + V1, MALFORMED_TIMESTAMP),
                arguments("negative timestamp", "t=-" + T + "," + V1, MALFORMED_TIMESTAMP),
                arguments("space before timestamp", "t= " + T + "," + V1, MALFORMED_TIMESTAMP),
                arguments("space after timestamp", "t=" + T + " ," + V1, MALFORMED_TIMESTAMP),
                arguments("Arabic-Indic digits", "t=" + digits(T, '\u0660') + "," + V1, MALFORMED_TIMESTAMP),
                arguments("fullwidth digits", "t=" + digits(T, '\uff10') + "," + V1, MALFORMED_TIMESTAMP),
                arguments("fractional timestamp", "t=" + T + ".5," + V1, MALFORMED_TIMESTAMP),
                arguments("exponent timestamp", "t=1.7374008e9," + V1, MALFORMED_TIMESTAMP),
                arguments("hex timestamp", "t=0x678E0F60," + V1, MALFORMED_TIMESTAMP),
                arguments("timestamp longer than a long", "t=99999999999999999999," + V1, MALFORMED_TIMESTAMP),
                arguments("milliseconds timestamp (13 digits)", "t=" + T + "000," + V1, MALFORMED_TIMESTAMP),
                arguments("semicolon separators (Paddle style)", TS + ";" + V1, MALFORMED_TIMESTAMP),
                arguments("space separators", TS + " " + V1, MALFORMED_TIMESTAMP),
                arguments("timestamp only", TS, NO_SUPPORTED_SIGNATURE),
                arguments("only v0 (test-mode scheme, never a fallback)", TS + ",v0=" + SIG, NO_SUPPORTED_SIGNATURE),
                arguments("upper-case scheme", TS + ",V1=" + SIG, NO_SUPPORTED_SIGNATURE),
                arguments("space before scheme", TS + ", " + V1, NO_SUPPORTED_SIGNATURE),
                arguments("future scheme only", TS + ",v2=" + SIG, NO_SUPPORTED_SIGNATURE),
                arguments("empty signature", TS + ",v1=", NO_MATCHING_SIGNATURE),
                arguments("signature not hex", TS + ",v1=" + SIG.replace('a', 'g').replace('0', 'z') + "zz", NO_MATCHING_SIGNATURE),
                arguments("odd-length signature", TS + ",v1=" + SIG.substring(1), NO_MATCHING_SIGNATURE),
                arguments("truncated signature", TS + ",v1=" + SIG.substring(0, 62), NO_MATCHING_SIGNATURE),
                arguments("signature with an extra byte", TS + ",v1=" + SIG + "00", NO_MATCHING_SIGNATURE),
                arguments("base64 signature", TS + ",v1=q83vEjRWeJA=", NO_MATCHING_SIGNATURE),
                arguments("signature with trailing NUL", TS + "," + V1 + "\u0000", NO_MATCHING_SIGNATURE),
                arguments("signature with trailing space", TS + "," + V1 + " ", NO_MATCHING_SIGNATURE),
                arguments("17 entries", TS + "," + V1 + ",v0=0".repeat(15), SIGNATURE_HEADER_TOO_LARGE),
                arguments("longer than 4096 characters", TS + "," + V1 + ",x=" + "a".repeat(4096), SIGNATURE_HEADER_TOO_LARGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void rejectsMalformedHeaderWithItsReason(String description, String header, RejectionReason reason) {
        assertThatThrownBy(() -> verifier.verify(Fixtures.request(BODY, header), Instant.ofEpochSecond(T)))
                .as(description)
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void tableHasAtLeastThirtyHeaders() {
        assertThat(headers().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void rejectsMissingHeader() {
        WebhookRequest request = WebhookRequest.builder().body(BODY).build();

        assertThatThrownBy(() -> verifier.verify(request, Instant.ofEpochSecond(T)))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(MISSING_SIGNATURE_HEADER));
    }

    @Test
    void rejectsHeaderSentTwiceEvenWhenOneIsValid() {
        WebhookRequest request = WebhookRequest.builder().body(BODY)
                .header("Stripe-Signature", TS + "," + V1)
                .header("stripe-signature", TS + ",v1=" + "0".repeat(64))
                .build();

        assertThatThrownBy(() -> verifier.verify(request, Instant.ofEpochSecond(T)))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(MALFORMED_SIGNATURE_HEADER));
    }

    @Test
    void readsTheHeaderNameCaseInsensitively() {
        WebhookRequest request = WebhookRequest.builder().body(BODY).header("STRIPE-SIGNATURE", TS + "," + V1).build();

        assertThat(verifier.verify(request, Instant.ofEpochSecond(T))).isNotNull();
    }

    @Test
    void acceptsTheValidHeaderTheTableIsBuiltFrom() {
        assertThat(verifier.verify(Fixtures.request(BODY, TS + "," + V1), Instant.ofEpochSecond(T))).isNotNull();
        assertThat(verifier.verify(Fixtures.request(BODY, TS + "," + V1 + ",v0=" + SIG + ",future=x"), Instant.ofEpochSecond(T)))
                .isNotNull();
    }

    private static String digits(long value, char zero) {
        StringBuilder text = new StringBuilder();
        for (char c : Long.toString(value).toCharArray()) {
            text.append((char) (zero + (c - '0')));
        }
        return text.toString();
    }
}
