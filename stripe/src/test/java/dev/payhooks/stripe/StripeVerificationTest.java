package dev.payhooks.stripe;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.payhooks.stripe.Fixtures.at;
import static dev.payhooks.stripe.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeVerificationTest {

    private static final String SECRET = "whsec_current_7f3a9c";
    private static final String OLD_SECRET = "whsec_previous_1b2c3d";
    private static final long T = 1_737_400_800L;
    private static final byte[] BODY = Fixtures.event("refund.failed");

    @Test
    void acceptsEitherSecretDuringARoll() {
        SignatureVerifier verifier = StripeWebhooks.source(SECRET, OLD_SECRET).verifier();

        assertThat(verifier.verify(StripeSigner.of(SECRET).request(BODY, at(T)), at(T))).isNotNull();
        assertThat(verifier.verify(StripeSigner.of(OLD_SECRET).request(BODY, at(T)), at(T))).isNotNull();
        // Stripe signs with both during the roll: t=..,v1=<new>,v1=<old>
        assertThat(StripeSigner.of(SECRET, OLD_SECRET).header(BODY, T)).matches("t=" + T + ",v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(verifier.verify(StripeSigner.of(SECRET, OLD_SECRET).request(BODY, at(T)), at(T))).isNotNull();
        assertThat(StripeWebhooks.source(SECRET).verifier().verify(StripeSigner.of(OLD_SECRET, SECRET).request(BODY, at(T)), at(T)))
                .isNotNull();
    }

    @Test
    void stopsAcceptingTheOldSecretAfterItsNotAfterInstant() {
        Instant rollEnds = at(T).plus(Duration.ofHours(24));
        SignatureVerifier verifier = StripeWebhooks.builder()
                .secret(WebhookSecret.of(SECRET))
                .secret(WebhookSecret.of(OLD_SECRET, rollEnds))
                .build().verifier();
        long afterRoll = rollEnds.getEpochSecond() + 1;

        assertThat(verifier.verify(StripeSigner.of(OLD_SECRET).request(BODY, rollEnds), rollEnds)).isNotNull();
        assertReason(() -> verifier.verify(StripeSigner.of(OLD_SECRET).request(BODY, at(afterRoll)), at(afterRoll)),
                RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(verifier.verify(StripeSigner.of(SECRET).request(BODY, at(afterRoll)), at(afterRoll))).isNotNull();
    }

    @Test
    void reportsNoActiveSecretWhenEverySecretExpired() {
        SignatureVerifier verifier = StripeWebhooks.builder()
                .secret(WebhookSecret.of(SECRET, at(T - 1))).build().verifier();

        assertReason(() -> verifier.verify(StripeSigner.of(SECRET).request(BODY, at(T)), at(T)), RejectionReason.NO_ACTIVE_SECRET);
    }

    @Test
    void rejectsWrongSecret() {
        assertReason(() -> StripeWebhooks.source(SECRET).verifier().verify(StripeSigner.of("whsec_other").request(BODY, at(T)), at(T)),
                RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void keysWithTheWholeSecretIncludingWhsecPrefix() {
        // Standard Webhooks strips "whsec_" and base64-decodes; Stripe does not.
        assertReason(() -> StripeWebhooks.source(SECRET).verifier().verify(
                StripeSigner.of(SECRET.substring("whsec_".length())).request(BODY, at(T)), at(T)), RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void checksTheToleranceInBothDirectionsAtItsEdges() {
        SignatureVerifier verifier = StripeWebhooks.source(SECRET).verifier();
        WebhookRequest request = StripeSigner.of(SECRET).request(BODY, at(T));

        assertThat(verifier.verify(request, at(T + 300))).isNotNull();
        assertThat(verifier.verify(request, at(T - 300))).isNotNull();
        assertReason(() -> verifier.verify(request, at(T + 301)), RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> verifier.verify(request, at(T - 301)), RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void allowsASeparateSmallerFutureWindow() {
        SignatureVerifier verifier = StripeWebhooks.builder().secrets(SECRET)
                .tolerance(Tolerance.of(Duration.ofMinutes(10), Duration.ofSeconds(30))).build().verifier();
        WebhookRequest request = StripeSigner.of(SECRET).request(BODY, at(T));

        assertThat(verifier.verify(request, at(T + 600))).isNotNull();
        assertThat(verifier.verify(request, at(T - 30))).isNotNull();
        assertReason(() -> verifier.verify(request, at(T - 31)), RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void reportsSignatureMismatchRatherThanStalenessForForgeries() {
        // A forged request with an old timestamp says NO_MATCHING_SIGNATURE: TIMESTAMP_TOO_OLD is kept
        // for authentic deliveries, where it points at delays or clocks.
        WebhookRequest forged = request(BODY, "t=" + (T - 10_000) + ",v1=" + "ab".repeat(32));

        assertReason(() -> StripeWebhooks.source(SECRET).verifier().verify(forged, at(T)), RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void verifiesBodiesByteExactly() {
        SignatureVerifier verifier = StripeWebhooks.source(SECRET).verifier();
        byte[] lf = "{\n  \"id\": \"evt_1\"\n}".getBytes(StandardCharsets.UTF_8);
        byte[] crlf = "{\r\n  \"id\": \"evt_1\"\r\n}".getBytes(StandardCharsets.UTF_8);
        byte[] trailingNewline = "{\"id\":\"evt_1\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] nonAscii = "{\"name\":\"Zoë Müller\",\"city\":\"Zürich\",\"note\":\"中文 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);
        byte[] megabyte = new byte[1024 * 1024];
        new Random(42).nextBytes(megabyte);

        for (byte[] body : List.of(lf, crlf, trailingNewline, nonAscii, megabyte)) {
            String header = StripeSigner.of(SECRET).header(body, T);
            assertThat(verifier.verify(request(body, header), at(T))).isNotNull();
        }
        // Each normalisation a framework might apply breaks the signature.
        assertMismatch(verifier, crlf, new String(crlf, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        assertMismatch(verifier, lf, new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        assertMismatch(verifier, trailingNewline, Arrays.copyOf(trailingNewline, trailingNewline.length - 1));
        assertMismatch(verifier, nonAscii, new String(nonAscii, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1));
        byte[] flipped = megabyte.clone();
        flipped[flipped.length - 1] ^= 1;
        assertMismatch(verifier, megabyte, flipped);
        assertMismatch(verifier, megabyte, Arrays.copyOf(megabyte, megabyte.length + 1));
    }

    private static final String OPENSSL_NON_ASCII = "7bd4dae4920b52ba717349f6963448bb39222d2b0dbe56677f9ffb5e0db5f6e1";

    @Test
    void verifiesNonAsciiBodyAgainstAnIndependentlyComputedVector() {
        // Expected value computed with: printf '1737400800.{"name":"Zoë"}' | openssl dgst -sha256 -hmac whsec_current_7f3a9c
        byte[] body = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(StripeSigner.signature(SECRET, T, body)).isEqualTo(OPENSSL_NON_ASCII);
    }


    @Test
    void looksSecretsUpPerMerchantAndProfileFromTheQueryString() {
        // A payment platform's layout: one webhook URL per merchant and gateway profile, ids in the query string.
        Map<String, List<WebhookSecret>> profiles = Map.of(
                "m_42/gp_7", List.of(WebhookSecret.of("whsec_m42_gp7")),
                "m_42/gp_8", List.of(WebhookSecret.of("whsec_m42_gp8")));
        SignatureVerifier verifier = StripeWebhooks.builder()
                .secretResolver(SecretResolver.perTenant(TenantKey.queryParameters("merchant", "profile"),
                        tenant -> profiles.getOrDefault(tenant, List.of())))
                .build().verifier();

        Verification verification = verifier.verify(forProfile("m_42", "gp_7", "whsec_m42_gp7"), at(T));
        assertThat(verification.tenant()).contains("m_42/gp_7");
        // Another profile's secret does not verify, whichever profile the URL names.
        assertReason(() -> verifier.verify(forProfile("m_42", "gp_7", "whsec_m42_gp8"), at(T)), RejectionReason.NO_MATCHING_SIGNATURE);
        assertReason(() -> verifier.verify(forProfile("m_42", "gp_9", "whsec_m42_gp7"), at(T)), RejectionReason.UNKNOWN_TENANT);
        assertReason(() -> verifier.verify(StripeSigner.of("whsec_m42_gp7").request(BODY, at(T)), at(T)), RejectionReason.UNKNOWN_TENANT);
    }

    @Test
    void turnsAFailingCustomResolverIntoUnavailable() {
        SignatureVerifier verifier = StripeWebhooks.builder()
                .secretResolver(request -> {
                    throw new IllegalStateException("database down");
                })
                .build().verifier();

        assertThatThrownBy(() -> verifier.verify(StripeSigner.of(SECRET).request(BODY, at(T)), at(T)))
                .isInstanceOf(WebhookUnavailableException.class);
    }

    @Test
    void parsesTheHeaderBeforeLookingUpSecrets() {
        int[] lookups = {0};
        SignatureVerifier verifier = StripeWebhooks.builder()
                .secretResolver(request -> {
                    lookups[0]++;
                    return SecretResolver.of(SECRET).resolve(request);
                })
                .build().verifier();

        assertReason(() -> verifier.verify(request(BODY, "garbage"), at(T)), RejectionReason.MALFORMED_SIGNATURE_HEADER);
        assertThat(lookups[0]).isZero();
    }

    @Test
    void refusesUnusableConfiguration() {
        assertThatThrownBy(() -> StripeWebhooks.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> StripeWebhooks.source("sk_live_51Habc").verifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API key");
        assertThatThrownBy(() -> StripeWebhooks.source("").verifier())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeWebhooks.source((String) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> StripeWebhooks.source(SECRET + "\n").verifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> StripeWebhooks.builder().secrets(SECRET).secretResolver(SecretResolver.of(SECRET)).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StripeWebhooks.builder().tolerance(Tolerance.disabledForSchemesWithoutTimestamps()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be disabled");
        assertThatThrownBy(() -> StripeWebhooks.builder().tolerance(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeWebhooks.builder().secretResolver(SecretResolver.of("rk_test_abc")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API key");
    }

    @Test
    void neverShowsSecretsInToString() {
        SignatureVerifier verifier = StripeWebhooks.source(SECRET, OLD_SECRET).verifier();

        assertThat(verifier.toString()).doesNotContain(SECRET).doesNotContain(OLD_SECRET).contains("300");
        assertThat(StripeSigner.of(SECRET).toString()).doesNotContain(SECRET);
        assertThat(StripeWebhooks.builder().secrets(SECRET).toString()).doesNotContain(SECRET);
        assertThat(StripeWebhooks.builder().secrets(SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void keepsSignaturesAndBodyOutOfExceptionMessages() {
        String header = StripeSigner.of("whsec_other").header(BODY, T);
        WebhookVerificationException e = (WebhookVerificationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> StripeWebhooks.source(SECRET).verifier().verify(request(BODY, header), at(T)));

        assertThat(e.getMessage()).doesNotContain(header.substring(header.indexOf("v1=") + 3))
                .doesNotContain(StripeSigner.signature(SECRET, T, BODY)).doesNotContain(SECRET).doesNotContain("re_");
    }

    @Test
    void letsOnlyVerificationExceptionsEscapeForRandomHeaders() {
        long seed = 0xBADC0DEL;
        Random random = new Random(seed);
        SignatureVerifier verifier = StripeWebhooks.source(SECRET).verifier();
        String alphabet = "tv01=,;:. \t-+x\u00e9\u0660\uff10\ud83d\ude00";
        for (int i = 0; i < 3000; i++) {
            StringBuilder header = new StringBuilder();
            int length = random.nextInt(80);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = header.toString();
            try {
                verifier.verify(request(BODY, value), at(T));
            } catch (WebhookVerificationException expected) {
                assertThat(expected.reason()).as("seed %d header %s", seed, value).isNotNull();
            } catch (RuntimeException unexpected) {
                throw new AssertionError("seed " + seed + " header " + value + " escaped with " + unexpected, unexpected);
            }
        }
    }

    private static WebhookRequest forProfile(String merchant, String profile, String signingSecret) {
        return WebhookRequest.builder()
                .body(BODY)
                .header("Stripe-Signature", StripeSigner.of(signingSecret).header(BODY, T))
                .queryParameter("merchant", merchant)
                .queryParameter("profile", profile)
                .build();
    }

    private static void assertMismatch(SignatureVerifier verifier, byte[] signed, byte[] received) {
        String header = StripeSigner.of(SECRET).header(signed, T);
        assertReason(() -> verifier.verify(request(received, header), at(T)), RejectionReason.NO_MATCHING_SIGNATURE);
    }

    private static void assertReason(Executable call, RejectionReason reason) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
