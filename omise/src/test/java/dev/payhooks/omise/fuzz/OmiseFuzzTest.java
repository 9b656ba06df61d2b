package dev.payhooks.omise.fuzz;

import dev.payhooks.spi.SignatureVerifier;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.omise.ChargeView;
import dev.payhooks.omise.DisputeView;
import dev.payhooks.omise.OmiseEventSnapshot;
import dev.payhooks.omise.OmiseWebhooks;
import dev.payhooks.omise.RefundView;
import dev.payhooks.omise.TransferView;
import dev.payhooks.spi.signature.SignatureHeaders;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer targets for everything in the Omise module that reads request bytes: the
 * {@code Omise-Signature} list, the {@code Omise-Signature-Timestamp} header, the event decoder
 * (with and without the fetch-back confirmation), the verifier and the whole {@code receive} path.
 * Each target asserts that only the documented outcome happens.
 *
 * <p>In {@code mvn verify} the targets replay the committed inputs under
 * {@code src/test/resources/dev/payhooks/omise/fuzz/OmiseFuzzTestInputs/<method>/} (every crash
 * ever found is kept there). A longer run of one target, one at a time (see SECURITY.md):
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -B -pl omise test -Dtest='OmiseFuzzTest#receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The request targets read a {@link RequestTemplate} (the testkit's harness), so that the
 * committed inputs stay readable and the fuzzer can reach the code behind a valid signature:
 * header lines {@code Name: value}, an empty line, then the raw body. In header values {@code {now}} becomes the receiver's clock in
 * Unix seconds, {@code {sig}} the correct signature of the body under the text of the first
 * {@code Omise-Signature-Timestamp} header (whatever that text is, so odd timestamps are signed
 * too), {@code {forged}} the same signature made with another secret, {@code {SIG}} the correct one
 * in upper case, {@code {sig-truncated}} its first half and {@code {sig-extended}} it with one more byte.
 */
class OmiseFuzzTest {

    /** Test-only secrets ({@code openssl rand -base64 32}). */
    private static final String SECRET = "Ykp0DZ+j/1KKcQmJLqhaWZ94z34Dk4d9uXidGmsMNQs=";
    private static final String ATTACKER_SECRET = "LZ2kKmSAFt9i5Nese9UONdQjW657ujyELQLtuADRWZo=";
    private static final long NOW = 1_732_270_000L;
    private static final long TOLERANCE_SECONDS = 300;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final WebhookSource SOURCE = OmiseWebhooks.source(SECRET);
    private static final SignatureVerifier VERIFIER = OmiseWebhooks.source(SECRET).verifier();
    private static final EventDecoder DECODER = OmiseWebhooks.source(SECRET).decoder();
    /** Confirms only the one event Omise "knows"; everything else is unknown or differs. */
    private static final EventDecoder CONFIRMING_DECODER = OmiseWebhooks.builder().secrets(SECRET)
            .confirmWith((id, tenant) -> id.startsWith("evnt_")
                    ? Optional.of(new OmiseEventSnapshot("evnt_test_fuzz", "charge.complete", false, "chrg_test_fuzz"))
                    : Optional.empty())
            .build().decoder();
    private static final Set<RejectionReason> HEADER_REASONS = EnumSet.of(RejectionReason.MALFORMED_SIGNATURE_HEADER,
            RejectionReason.SIGNATURE_HEADER_TOO_LARGE, RejectionReason.NO_SUPPORTED_SIGNATURE,
            RejectionReason.NO_MATCHING_SIGNATURE);

    @FuzzTest
    void signatureListThrowsOnlyHeaderReasons(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        WebhookRequest request = WebhookRequest.builder().body("{}".getBytes(StandardCharsets.US_ASCII))
                .header(OmiseWebhooks.TIMESTAMP_HEADER, Long.toString(NOW))
                .header(OmiseWebhooks.SIGNATURE_HEADER, value).build();
        try {
            VERIFIER.verify(request, CLOCK.instant());
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).as(expected.getMessage()).isIn(HEADER_REASONS);
            if (value.length() > SignatureHeaders.MAX_HEADER_LENGTH) {
                assertThat(expected.reason()).isEqualTo(RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
            }
            return;
        }
        // Passing means the list held the HMAC of "<now>.{}": the fuzzer cannot find one, so never.
        throw new AssertionError("a signature list without the MAC passed verification");
    }

    @FuzzTest
    void timestampHeaderAcceptsOnlyCanonicalAsciiDigitsInTheWindow(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        WebhookRequest request = WebhookRequest.builder().body(body)
                .header(OmiseWebhooks.TIMESTAMP_HEADER, text)
                .header(OmiseWebhooks.SIGNATURE_HEADER, hmacHex(SECRET, text, body)).build();
        try {
            VERIFIER.verify(request, CLOCK.instant());
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).as(expected.getMessage()).isIn(RejectionReason.MALFORMED_TIMESTAMP,
                    RejectionReason.SIGNATURE_HEADER_TOO_LARGE, RejectionReason.TIMESTAMP_TOO_OLD,
                    RejectionReason.TIMESTAMP_IN_FUTURE);
            return;
        }
        assertThat(text).matches("0|[1-9][0-9]{0,11}");
        assertThat(Math.abs(Long.parseLong(text) - NOW)).isLessThanOrEqualTo(TOLERANCE_SECONDS);
    }

    @FuzzTest
    void eventDecodersThrowOnlyDecodingExceptions(byte[] body) {
        WebhookRequest request = WebhookRequest.builder().body(body).build();
        Event event;
        try {
            event = DECODER.decode(request, Verification.verified());
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        assertThat(event.provider()).isEqualTo(OmiseWebhooks.PROVIDER);
        assertThat(event.id()).isNotEmpty();
        assertThat(event.type()).isNotEmpty();
        for (Class<?> view : List.of(ChargeView.class, RefundView.class, TransferView.class, DisputeView.class)) {
            try {
                event.data(view);
            } catch (WebhookDecodingException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
        event.at("/data/id");
        try {
            CONFIRMING_DECODER.decode(request, Verification.verified());
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isEqualTo(RejectionReason.EVENT_NOT_CONFIRMED);
        }
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
        String dir = "OmiseFuzzTestInputs/receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures/";
        for (String seed : List.of("valid", "rotated-order")) {
            assertThat(receive(seed(dir + seed)).outcome()).as(seed).isEqualTo(Outcome.HANDLED);
        }
        assertThat(receive(seed(dir + "forged")).reason()).hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(receive(seed(dir + "stale-signed")).reason()).hasValue(RejectionReason.TIMESTAMP_TOO_OLD);
    }

    private static WebhookResponse receive(byte[] input) {
        return WebhookReceiver.builder().source(SOURCE).clock(CLOCK).otherwise(event -> { })
                .build().receive(Delivery.parse(input).request());
    }

    private static byte[] seed(String name) {
        return FuzzChecks.input(OmiseFuzzTest.class, name);
    }

    /**
     * The independent statement of what a valid Omise request is (Omise's webhook documentation,
     * https://docs.omise.co/api-webhooks): one {@code Omise-Signature-Timestamp} header of plain
     * Unix seconds within 300 s of now, and one {@code Omise-Signature} header whose
     * comma-separated list holds
     * HMAC-SHA256(base64-decoded secret, timestamp + "." + body) in hex. Computed here with
     * javax.crypto, not with the module's code.
     */
    private static final DeliveryOracle ORACLE = request -> {
        List<String> timestamps = request.headers(OmiseWebhooks.TIMESTAMP_HEADER);
        List<String> signatures = request.headers(OmiseWebhooks.SIGNATURE_HEADER);
        assertThat(timestamps).hasSize(1);
        assertThat(signatures).hasSize(1);
        String t = timestamps.get(0);
        FuzzChecks.assertCanonicalTimestamp(t, NOW, TOLERANCE_SECONDS);
        List<String> entries = new ArrayList<>();
        for (String entry : signatures.get(0).split(",", -1)) {
            entries.add(entry.replaceAll("^[ \t]+|[ \t]+$", "").toLowerCase(Locale.ROOT));
        }
        assertThat(entries).contains(hmacHex(SECRET, t, request.body()));
    };

    private static String hmacHex(String base64Secret, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(ReferenceHmac.sha256(Base64.getDecoder().decode(base64Secret),
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * A template with its placeholders filled in (see the class comment): {@code {sig}} signs the
     * body under the text of the first {@code Omise-Signature-Timestamp} header, whatever it is.
     */
    private record Delivery(WebhookRequest request, String signature) {

        static Delivery parse(byte[] input) {
            RequestTemplate template = RequestTemplate.parse(input)
                    .resolve(Placeholders.none().with("now", Long.toString(NOW)));
            String t = template.first(OmiseWebhooks.TIMESTAMP_HEADER).orElse("");
            byte[] body = template.body();
            String signature = hmacHex(SECRET, t, body);
            Placeholders values = Placeholders.signature(signature, "00")
                    .withLazy("forged", () -> hmacHex(ATTACKER_SECRET, t, body));
            return new Delivery(template.request(values).build(), signature);
        }
    }
}
