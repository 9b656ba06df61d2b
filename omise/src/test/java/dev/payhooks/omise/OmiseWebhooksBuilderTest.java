package dev.payhooks.omise;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.omise.internal.OmiseSigner;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.Tolerance;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A;
import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static dev.payhooks.omise.OmiseFixtures.SECRET_B;
import static dev.payhooks.omise.OmiseFixtures.SIGNED_AT;
import static dev.payhooks.omise.OmiseFixtures.TS;
import static dev.payhooks.omise.OmiseFixtures.body;
import static dev.payhooks.omise.OmiseSignatureVectorsTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OmiseWebhooksBuilderTest {

    private static final String NOT_BASE64 = "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";

    @Test
    void sourceUsesOmiseProviderNameAndDefaultTolerance() {
        WebhookSource source = OmiseWebhooks.source(SECRET_A);
        assertThat(source.provider()).isEqualTo("omise");
        assertThat(OmiseWebhooks.DEFAULT_TOLERANCE).isEqualTo(Tolerance.of(Duration.ofSeconds(300), Duration.ofSeconds(300)));
        WebhookRequest signed = OmiseWebhooks.signer(SECRET_A).request(body("charge.complete"), SIGNED_AT);
        assertThatCode(() -> source.verifier().verify(signed, SIGNED_AT.plusSeconds(300))).doesNotThrowAnyException();
        assertThatCode(() -> source.verifier().verify(signed, SIGNED_AT.minusSeconds(300))).doesNotThrowAnyException();
        assertReason(() -> source.verifier().verify(signed, SIGNED_AT.plusSeconds(301)), RejectionReason.TIMESTAMP_TOO_OLD);
        assertReason(() -> source.verifier().verify(signed, SIGNED_AT.minusSeconds(301)), RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void rejectsSecretThatIsNotBase64SayingWhichOneWithoutShowingIt() {
        assertThatThrownBy(() -> OmiseWebhooks.builder().secrets(SECRET_A).secrets(NOT_BASE64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret 2")
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining(NOT_BASE64)
                .hasMessageNotContaining("whsec")
                .hasNoCause();
        assertThatThrownBy(() -> OmiseWebhooks.source(SECRET_A, SECRET_B, NOT_BASE64).verifier())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret 3")
                .hasMessageNotContaining(NOT_BASE64);
        assertThatThrownBy(() -> OmiseWebhooks.source("bi20J58Y-usYoElj"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret 1")
                .hasMessageNotContaining("bi20J58Y");
    }

    @Test
    void rejectsSecretThatIsOnlyPadding() {
        // Padding alone would decode to no key at all (the JDK's decoder already refuses it as base64).
        for (String padding : new String[] {"=", "==", "===", "===="}) {
            assertThatThrownBy(() -> OmiseWebhooks.source(padding))
                    .as(padding)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("secret 1")
                    .hasMessageContaining("unusable");
        }
    }

    @Test
    void rejectsEmptyOrPaddedSecretsThroughCoreRules() {
        assertThatThrownBy(() -> OmiseWebhooks.source("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OmiseWebhooks.source(SECRET_A + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace")
                .hasMessageNotContaining(SECRET_A);
    }

    @Test
    void rejectsUnusableFixedSecretOfAResolverAtBuildTime() {
        assertThatThrownBy(() -> OmiseWebhooks.builder().secretResolver(SecretResolver.of(SECRET_A, NOT_BASE64)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret 2 of 2")
                .hasMessageNotContaining(NOT_BASE64);
    }

    @Test
    void needsASecretOrAResolverButNotBoth() {
        assertThatThrownBy(() -> OmiseWebhooks.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OMISE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> OmiseWebhooks.builder().secrets(SECRET_A).secretResolver(SecretResolver.of(SECRET_B)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OmiseWebhooks.builder().secretResolver(SecretResolver.of(SECRET_B)).secrets(SECRET_A))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToTurnTheTimestampCheckOff() {
        assertThatThrownBy(() -> OmiseWebhooks.builder().tolerance(Tolerance.disabledForSchemesWithoutTimestamps()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wider tolerance");
        assertThatThrownBy(() -> OmiseWebhooks.builder().tolerance(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesSecretsPerTenantAndNamesTheTenant() {
        Map<String, List<WebhookSecret>> vault = Map.of(
                "m_1", List.of(WebhookSecret.of(SECRET_A)),
                "m_2", List.of(WebhookSecret.of(SECRET_B)),
                "m_broken", List.of(WebhookSecret.of(NOT_BASE64)));
        SignatureVerifier verifier = OmiseWebhooks.builder()
                .secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("merchant"), tenant -> vault.getOrDefault(tenant, List.of())))
                .build().verifier();

        assertThat(verifier.verify(forTenant("m_1"), SIGNED_AT).tenant()).contains("m_1");
        // Signed with m_1's secret but addressed to m_2: does not verify.
        assertReason(() -> verifier.verify(forTenant("m_2"), SIGNED_AT), RejectionReason.NO_MATCHING_SIGNATURE);
        assertReason(() -> verifier.verify(forTenant("m_unknown"), SIGNED_AT), RejectionReason.UNKNOWN_TENANT);
        assertReason(() -> verifier.verify(forTenant(null), SIGNED_AT), RejectionReason.UNKNOWN_TENANT);
        // A tenant whose stored secret is unusable is a configuration fault: 503 so Omise retries after the fix.
        assertThatThrownBy(() -> verifier.verify(forTenant("m_broken"), SIGNED_AT))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("m_broken")
                .hasMessageNotContaining(NOT_BASE64);
    }

    @Test
    void treatsAFailingCustomResolverAsUnavailable() {
        SignatureVerifier verifier = OmiseWebhooks.builder().secretResolver(request -> {
            throw new IllegalStateException("database down");
        }).build().verifier();
        assertThatThrownBy(() -> verifier.verify(OmiseFixtures.signedChargeComplete(), SIGNED_AT))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringsNeverShowSecrets() {
        assertThat(OmiseWebhooks.source(SECRET_A, SECRET_B).verifier().toString()).doesNotContain(SECRET_A).doesNotContain(SECRET_B);
        assertThat(OmiseWebhooks.signer(SECRET_A).toString()).doesNotContain(SECRET_A).contains("****");
        assertThat(OmiseWebhooks.source(SECRET_A).toString()).doesNotContain(SECRET_A);
    }

    @Test
    void signerRejectsBadSecretsAndNegativeTimestamps() {
        assertThatThrownBy(() -> OmiseWebhooks.signer(NOT_BASE64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signing secret 1 of 1").hasMessageNotContaining(NOT_BASE64);
        assertThatThrownBy(OmiseWebhooks::signer).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OmiseSigner.of(SECRET_A).signature(new byte[0], -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signerBuildsRequestsTheVerifierAccepts() {
        WebhookSigner signer = OmiseWebhooks.signer(SECRET_A);
        WebhookRequest request = signer.request(body("charge.complete"), SIGNED_AT.plusMillis(999));
        assertThat(request.header("Omise-Signature-Timestamp")).contains(Long.toString(TS));
        assertThat(request.header("Omise-Signature")).contains(CHARGE_COMPLETE_A);
        assertThat(signer.headers(body("charge.complete"), SIGNED_AT)).containsExactly(
                Map.entry("Omise-Signature-Timestamp", Long.toString(TS)), Map.entry("Omise-Signature", CHARGE_COMPLETE_A));
        assertThatCode(() -> OmiseWebhooks.source(SECRET_A).verifier().verify(request, SIGNED_AT)).doesNotThrowAnyException();
    }

    private static WebhookRequest forTenant(String merchant) {
        WebhookRequest.Builder builder = WebhookRequest.builder().body(body("charge.complete"))
                .header("Omise-Signature", CHARGE_COMPLETE_A)
                .header("Omise-Signature-Timestamp", Long.toString(TS));
        if (merchant != null) {
            builder.queryParameter("merchant", merchant);
        }
        return builder.build();
    }
}
