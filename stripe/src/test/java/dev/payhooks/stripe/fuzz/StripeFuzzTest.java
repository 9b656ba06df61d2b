package dev.payhooks.stripe.fuzz;

import dev.payhooks.stripe.internal.StripeEventDecoder;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.stripe.StripeEvents;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.internal.SignatureHeader;
import dev.payhooks.stripe.view.RefundView;
import dev.payhooks.testkit.ReferenceHmac;
import dev.payhooks.testkit.fuzz.DeliveryOracle;
import dev.payhooks.testkit.fuzz.FuzzChecks;
import dev.payhooks.testkit.fuzz.Placeholders;
import dev.payhooks.testkit.fuzz.RequestTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer targets for everything in the Stripe module that reads request bytes: the
 * {@code Stripe-Signature} parser, its timestamp entry, the event decoder, the verifier and the
 * whole {@code receive} path. Each target asserts that only the documented outcome happens.
 *
 * <p>In {@code mvn verify} the targets replay the committed inputs under
 * {@code src/test/resources/dev/payhooks/stripe/fuzz/StripeFuzzTestInputs/<method>/} (every crash
 * ever found is kept there). A longer run of one target, one at a time (see SECURITY.md):
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -B -pl stripe test -Dtest='StripeFuzzTest#receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The request targets read a {@link RequestTemplate} (the testkit's harness), so that the
 * committed inputs stay readable and the fuzzer can reach the code behind a valid signature:
 * header lines {@code Name: value}, an empty line, then the raw body. In header values {@code {now}} becomes the receiver's clock in
 * Unix seconds, {@code {sig}} the correct signature of the body under the timestamp text that the
 * header's first {@code t=} entry carries (whatever that text is, so odd timestamps are signed
 * too), {@code {forged}} the same signature made with another secret, {@code {SIG}} the correct one
 * in upper case, {@code {sig-truncated}} its first half and {@code {sig-extended}} it with one more byte.
 */
class StripeFuzzTest {

    private static final String SECRET = "whsec_fuzz_endpoint_5f1c";
    private static final String ATTACKER_SECRET = "whsec_fuzz_attacker_77aa";
    private static final long NOW = 1_737_400_800L;
    private static final long TOLERANCE_SECONDS = 300;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final WebhookSource SOURCE = StripeWebhooks.source(SECRET);
    private static final SignatureVerifier VERIFIER = StripeWebhooks.source(SECRET).verifier();
    private static final StripeEventDecoder DECODER = StripeEventDecoder.create();
    private static final String TWO_ZERO_SIGNATURES = "0".repeat(64);

    @FuzzTest
    void signatureHeaderParserThrowsOnlyVerificationExceptions(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        SignatureHeader header;
        try {
            header = SignatureHeader.parse(value);
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        assertThat(value.length()).isLessThanOrEqualTo(SignatureHeaders.MAX_HEADER_LENGTH);
        assertThat(Long.toString(header.timestamp())).isEqualTo(header.timestampText());
        assertThat(header.v1Entries()).isPositive().isLessThanOrEqualTo(SignatureHeaders.MAX_SIGNATURE_ENTRIES);
        assertThat(header.candidates()).hasSizeLessThanOrEqualTo(header.v1Entries());
        assertThat(entries(value)).contains("t=" + header.timestampText());
        assertThat(header.toString()).doesNotContain("v1=");
    }

    @FuzzTest
    void timestampEntryAcceptsOnlyCanonicalAsciiDigits(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SignatureHeader header;
        try {
            header = SignatureHeader.parse("t=" + text + ",v1=" + TWO_ZERO_SIGNATURES);
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        // Accepted: the t entry (the text up to a comma the fuzzer may have put in) is exactly the
        // decimal form of the value: no sign, padding or other digits.
        int comma = text.indexOf(',');
        String entry = comma < 0 ? text : text.substring(0, comma);
        assertThat(header.timestampText()).isEqualTo(entry).matches("0|[1-9][0-9]{0,11}");
        assertThat(Long.toString(header.timestamp())).isEqualTo(entry);
    }

    @FuzzTest
    void eventDecoderThrowsOnlyDecodingExceptions(byte[] body) {
        Event event;
        try {
            event = DECODER.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        assertThat(event.provider()).isEqualTo(StripeWebhooks.PROVIDER);
        assertThat(event.id()).isNotEmpty();
        assertThat(event.type()).isNotEmpty();
        assertThat(event.idempotencyKey()).isNotEmpty();
        assertThat(event.attributes().keySet()).noneMatch(name -> name.startsWith("stripe.internal."));
        try {
            event.data(RefundView.class);
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        try {
            StripeEvents.previousAttributes(event, RefundView.class);
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        StripeEvents.relatedObject(event);
        StripeEvents.requestId(event);
        StripeEvents.requestIdempotencyKey(event);
        event.at("/data/object/id");
        event.jsonAt("/data/object/metadata");
    }

    @FuzzTest
    void verifierPassesOnlyRequestsCarryingTheSignatureOfTheSecret(byte[] input) {
        Delivery delivery = Delivery.parse(input);
        FuzzChecks.assertVerifierDecision(VERIFIER, delivery.request(), CLOCK.instant(), ORACLE, SECRET, delivery.signature());
    }

    @FuzzTest
    void receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures(byte[] input) {
        Delivery delivery = Delivery.parse(input);
        FuzzChecks.assertReceiveDecision(SOURCE, CLOCK, delivery.request(), ORACLE, SECRET, delivery.signature());
    }

    @Test
    void templateHarnessSignsTheValidSeedAndNotTheForgedOne() {
        // Without this, a harness bug could make every seed a forgery and the oracle would never run.
        String dir = "StripeFuzzTestInputs/receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures/";
        for (String seed : List.of("valid", "valid-thin", "rotated-order")) {
            assertThat(receive(seed(dir + seed)).outcome()).as(seed).isEqualTo(Outcome.HANDLED);
        }
        assertThat(receive(seed(dir + "forged")).reason()).hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(receive(seed(dir + "downgrade-v0")).reason()).hasValue(RejectionReason.NO_SUPPORTED_SIGNATURE);
        assertThat(receive(seed(dir + "stale-signed")).reason()).hasValue(RejectionReason.TIMESTAMP_TOO_OLD);
    }

    private static WebhookResponse receive(byte[] input) {
        return WebhookReceiver.builder().source(SOURCE).clock(CLOCK).otherwise(event -> { })
                .build().receive(Delivery.parse(input).request());
    }

    private static byte[] seed(String name) {
        return FuzzChecks.input(StripeFuzzTest.class, name);
    }

    /**
     * The independent statement of what a valid Stripe request is (docs.stripe.com/webhooks,
     * "Verify manually"): one {@code Stripe-Signature} header with one {@code t} entry of plain Unix
     * seconds within 300 s of now, which carries {@code v1=} HMAC-SHA256(secret, t + "." + body)
     * in lower-case hex. Computed here with javax.crypto, not with the module's code.
     */
    private static final DeliveryOracle ORACLE = request -> {
        List<String> values = request.headers(StripeWebhooks.SIGNATURE_HEADER);
        assertThat(values).hasSize(1);
        List<String> entries = entries(values.get(0));
        List<String> timestamps = entries.stream().filter(e -> e.startsWith("t=")).toList();
        assertThat(timestamps).hasSize(1);
        String t = timestamps.get(0).substring(2);
        FuzzChecks.assertCanonicalTimestamp(t, NOW, TOLERANCE_SECONDS);
        assertThat(entries).contains("v1=" + ReferenceHmac.sha256Hex(SECRET, t + ".", request.body()));
        assertThat(request.headers(StripeWebhooks.SIGNATURE_HEADER.toLowerCase(Locale.ROOT))).isEqualTo(values);
    };

    private static List<String> entries(String value) {
        return Arrays.asList(value.split(",", -1));
    }

    /**
     * A template with its placeholders filled in (see the class comment): {@code {sig}} signs the
     * body under the text of the first {@code t=} entry of the first {@code Stripe-Signature}
     * header, whatever that text is.
     */
    private record Delivery(WebhookRequest request, String signature) {

        static Delivery parse(byte[] input) {
            RequestTemplate template = RequestTemplate.parse(input)
                    .resolve(Placeholders.none().with("now", Long.toString(NOW)));
            String t = template.first(StripeWebhooks.SIGNATURE_HEADER).flatMap(value -> entries(value).stream()
                    .filter(entry -> entry.startsWith("t=")).findFirst()).map(entry -> entry.substring(2)).orElse("");
            byte[] body = template.body();
            String signature = ReferenceHmac.sha256Hex(SECRET, t + ".", body);
            Placeholders values = Placeholders.signature(signature, "00")
                    .withLazy("forged", () -> ReferenceHmac.sha256Hex(ATTACKER_SECRET, t + ".", body));
            return new Delivery(template.request(values).build(), signature);
        }
    }
}
