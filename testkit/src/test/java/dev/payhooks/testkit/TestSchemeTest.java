package dev.payhooks.testkit;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.testkit.fuzz.DeliveryOracle;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSchemeTest {

    private static final String SECRET = "test_secret_4f0c2a";
    private static final long NOW = 1_700_000_000L;
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));

    private WebhookResponse receive(WebhookRequest request, List<String> seen) {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .on("refund.failed", event -> seen.add(event.id())).build().receive(request);
    }

    @Test
    void signsLikeTheDocumentedRecipe() {
        // Expected value from: printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac test_secret_4f0c2a
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = TestScheme.signed(SECRET, NOW, body).build();

        assertThat(request.header(TestScheme.TIMESTAMP_HEADER)).hasValue("1700000000");
        assertThat(request.header(TestScheme.SIGNATURE_HEADER))
                .hasValue("baac2f9f5b8a872ffe5d56ae9498efd61cfa1c93edadeeb87d2a50b5fc3a469c");
        assertThat(request.body()).isEqualTo(body);
    }

    @Test
    void aSignedEventIsHandledByAReceiverOnTheScheme() {
        List<String> seen = new ArrayList<>();

        WebhookResponse response = receive(TestScheme.signed(SECRET, NOW, TestScheme.event("evt_1", "refund.failed")).build(), seen);

        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(response.event()).hasValueSatisfying(event -> {
            assertThat(event.provider()).isEqualTo(TestScheme.PROVIDER);
            assertThat(event.created()).contains(Instant.ofEpochSecond(1_700_000_000L));
            assertThat(event.at("/data/metadata/checkoutId")).contains("co_1");
        });
        assertThat(seen).containsExactly("evt_1");
    }

    @Test
    void aTamperedBodyAnotherSecretOrAStaleTimestampIsRejected() {
        List<String> seen = new ArrayList<>();
        byte[] body = TestScheme.event("evt_1", "refund.failed");
        WebhookRequest tampered = TestScheme.signed(SECRET, NOW, body).body(TestScheme.event("evt_2", "refund.failed")).build();

        assertThat(receive(tampered, seen).reason()).hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(receive(TestScheme.signed("other", NOW, body).build(), seen).reason())
                .hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(receive(TestScheme.signed(SECRET, NOW - 301, body).build(), seen).reason())
                .hasValue(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(receive(TestScheme.signed(SECRET, NOW + 301, body).build(), seen).reason())
                .hasValue(RejectionReason.TIMESTAMP_IN_FUTURE);
        assertThat(seen).isEmpty();
    }

    @Test
    void anyEntryOfACommaSeparatedListMayCarryTheSignature() {
        byte[] body = TestScheme.event("evt_1", "refund.failed");
        String good = TestScheme.signature(SECRET, Long.toString(NOW), body);
        WebhookRequest request = WebhookRequest.builder().body(body).header(TestScheme.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(TestScheme.SIGNATURE_HEADER, "00ff," + good).build();

        assertThatCode(() -> TestScheme.verifier(SecretResolver.of(SECRET)).verify(request, clock.instant()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TestScheme.verifier(SecretResolver.of("other")).verify(request, clock.instant()))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void theOracleAgreesWithTheVerifierOnSignedAndForgedDeliveries() {
        DeliveryOracle oracle = TestScheme.oracle(SECRET, NOW);
        byte[] body = TestScheme.event("evt_1", "refund.failed");

        assertThatCode(() -> oracle.assertValid(TestScheme.signed(SECRET, NOW, body).build())).doesNotThrowAnyException();
        assertThatThrownBy(() -> oracle.assertValid(TestScheme.signed("other", NOW, body).build()))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> oracle.assertValid(TestScheme.signed(SECRET, NOW + 301, body).build()))
                .isInstanceOf(AssertionError.class);
        WebhookRequest plusSign = WebhookRequest.builder().body(body).header(TestScheme.TIMESTAMP_HEADER, "+" + NOW)
                .header(TestScheme.SIGNATURE_HEADER, TestScheme.signature(SECRET, "+" + NOW, body)).build();
        assertThatThrownBy(() -> oracle.assertValid(plusSign)).isInstanceOf(AssertionError.class);
        WebhookRequest twoTimestamps = TestScheme.signed(SECRET, NOW, body).header(TestScheme.TIMESTAMP_HEADER, "1").build();
        assertThatThrownBy(() -> oracle.assertValid(twoTimestamps)).isInstanceOf(AssertionError.class);
    }

    @Test
    void namesNoSecret() {
        assertThat(TestScheme.verifier(SecretResolver.of(SECRET)).toString()).doesNotContain(SECRET);
    }
}
