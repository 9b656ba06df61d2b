package dev.payhooks.testkit.fuzz;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness must catch the bugs it exists for: each negative control below is a verifier with
 * one bug, and the check must fail on it.
 */
class FuzzChecksTest {

    private static final String SECRET = "fuzz_secret_91a3";
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final DeliveryOracle ORACLE = TestScheme.oracle(SECRET, NOW);
    private static final byte[] BODY = TestScheme.event("evt_1", "refund.failed");
    private static final WebhookRequest SIGNED = TestScheme.signed(SECRET, NOW, BODY).build();
    private static final WebhookRequest FORGED = TestScheme.signed("attacker", NOW, BODY).build();
    private static final String SIGNATURE = TestScheme.signature(SECRET, Long.toString(NOW), BODY);

    private static final SignatureVerifier CORRECT = TestScheme.verifier(SecretResolver.of(SECRET));
    /** Accepts everything. */
    private static final SignatureVerifier ACCEPTS_ALL = (request, now) -> Verification.verified();
    /** Rejects correctly, but names the secret in the message. */
    private static final SignatureVerifier LEAKS = (request, now) -> {
        try {
            return CORRECT.verify(request, now);
        } catch (WebhookVerificationException e) {
            throw new WebhookVerificationException(e.reason(), "expected a signature under " + SECRET);
        }
    };

    private static WebhookSource source(SignatureVerifier verifier) {
        return new WebhookSource(TestScheme.PROVIDER, verifier, TestScheme.decoder());
    }

    @Test
    void aCorrectVerifierPassesOnSignedAndForgedRequests() {
        assertThat(FuzzChecks.assertVerifierDecision(CORRECT, SIGNED, CLOCK.instant(), ORACLE, SECRET, SIGNATURE)).isTrue();
        assertThat(FuzzChecks.assertVerifierDecision(CORRECT, FORGED, CLOCK.instant(), ORACLE, SECRET, SIGNATURE)).isFalse();
        assertThat(FuzzChecks.assertReceiveDecision(source(CORRECT), CLOCK, SIGNED, ORACLE, SECRET, SIGNATURE).status())
                .isEqualTo(200);
        assertThat(FuzzChecks.assertReceiveDecision(source(CORRECT), CLOCK, FORGED, ORACLE, SECRET, SIGNATURE).reason())
                .hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aVerifierThatAcceptsAForgeryIsCaught() {
        assertThatThrownBy(() -> FuzzChecks.assertVerifierDecision(ACCEPTS_ALL, FORGED, CLOCK.instant(), ORACLE, SECRET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("HMAC of the received bytes");
        assertThatThrownBy(() -> FuzzChecks.assertReceiveDecision(source(ACCEPTS_ALL), CLOCK, FORGED, ORACLE, SECRET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("HMAC of the received bytes");
    }

    @Test
    void aVerifierThatNamesTheSecretIsCaught() {
        assertThatThrownBy(() -> FuzzChecks.assertVerifierDecision(LEAKS, FORGED, CLOCK.instant(), ORACLE, SECRET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the exception's message");
    }

    @Test
    void anUndocumentedExceptionPropagates() {
        SignatureVerifier throwsIae = (request, now) -> {
            throw new IllegalArgumentException("Illegal base64 character");
        };

        assertThatIllegalArgumentException().isThrownBy(() ->
                FuzzChecks.assertVerifierDecision(throwsIae, FORGED, CLOCK.instant(), ORACLE, SECRET));
    }

    @Test
    void aReceiverAnswering5xxIsCaught() {
        SignatureVerifier bug = (request, now) -> {
            throw new ArrayIndexOutOfBoundsException(3);
        };

        assertThatThrownBy(() -> FuzzChecks.assertReceiveDecision(source(bug), CLOCK, SIGNED, ORACLE, SECRET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("500");
    }

    @Test
    void canonicalTimestampsAreAsciiDigitsWithinTheTolerance() {
        FuzzChecks.assertCanonicalTimestamp("1700000300", NOW, 300);
        FuzzChecks.assertCanonicalTimestamp("1699999700", NOW, 300);
        for (String bad : new String[] {"1700000301", "+1700000000", "01700000000", "1700000000 ", "\u0661\u0667", "", "-0"}) {
            assertThatThrownBy(() -> FuzzChecks.assertCanonicalTimestamp(bad, NOW, 300)).as(bad).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void refusesAnEmptyNeverDisclosedString() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                FuzzChecks.assertVerifierDecision(CORRECT, SIGNED, CLOCK.instant(), ORACLE, SECRET, ""))
                .withMessageContaining("none empty");
    }

    @Test
    void readsACommittedInputNextToTheClass() {
        assertThat(new String(FuzzChecks.input(FuzzChecksTest.class, "FuzzChecksTestInputs/valid"),
                java.nio.charset.StandardCharsets.UTF_8)).startsWith("X-Test-Timestamp: {now}");
        assertThatIllegalArgumentException().isThrownBy(() -> FuzzChecks.input(FuzzChecksTest.class, "missing"))
                .withMessageContaining("no resource 'missing'");
    }

    @Test
    void aTemplateSignedByTheHarnessIsHandledAndItsForgedTwinIsNot() {
        RequestTemplate valid = RequestTemplate.parse(FuzzChecks.input(FuzzChecksTest.class, "FuzzChecksTestInputs/valid"))
                .resolve(Placeholders.none().with("now", Long.toString(NOW)));
        String timestamp = valid.first(TestScheme.TIMESTAMP_HEADER).orElse("");
        byte[] body = valid.body();
        Placeholders signatures = Placeholders.signature(TestScheme.signature(SECRET, timestamp, body), "00")
                .withLazy("forged", () -> TestScheme.signature("attacker", timestamp, body));

        WebhookResponse response = FuzzChecks.assertReceiveDecision(source(CORRECT), CLOCK,
                valid.request(signatures).build(), ORACLE, SECRET);
        assertThat(response.status()).isEqualTo(200);
        RequestTemplate forged = RequestTemplate.parse(FuzzChecks.input(FuzzChecksTest.class, "FuzzChecksTestInputs/forged"))
                .resolve(Placeholders.none().with("now", Long.toString(NOW)));
        assertThat(FuzzChecks.assertReceiveDecision(source(CORRECT), CLOCK, forged.request(signatures).build(), ORACLE, SECRET)
                .reason()).hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
    }
}
