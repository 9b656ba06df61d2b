package dev.payhooks.omise.fuzz;

import dev.payhooks.spi.SignatureVerifier;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.IdempotencyStore;
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
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>The request targets read a small text template, so that the committed inputs stay readable
 * and the fuzzer can reach the code behind a valid signature: header lines {@code Name: value},
 * an empty line, then the raw body. In header values {@code {now}} becomes the receiver's clock in
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
                .header(OmiseWebhooks.SIGNATURE_HEADER, signature(SECRET, text, body)).build();
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
        Template template = Template.parse(input);
        WebhookRequest request = template.request();
        try {
            VERIFIER.verify(request, CLOCK.instant());
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.getMessage()).doesNotContain(template.signature(SECRET)).doesNotContain(SECRET);
            return;
        }
        assertOracleAccepts(template, request);
    }

    @FuzzTest
    void receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures(byte[] input) {
        Template template = Template.parse(input);
        WebhookRequest request = template.request();
        AtomicInteger handled = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(SOURCE).clock(CLOCK)
                .idempotencyStore(IdempotencyStore.inMemory())
                .otherwise(event -> handled.incrementAndGet())
                .build();

        WebhookResponse response = receiver.receive(request);

        assertThat(response.status()).as("%s", response).isBetween(200, 499);
        assertThat(response.body()).doesNotContain(SECRET);
        if (response.outcome() == Outcome.REJECTED) {
            assertThat(handled).hasValue(0);
            assertThat(response.reason()).isPresent();
        } else {
            assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(handled).hasValue(1);
            assertOracleAccepts(template, request);
        }
        response.detail().ifPresent(detail -> assertThat(detail).doesNotContain(SECRET)
                .doesNotContain(template.signature(SECRET)));
    }

    @Test
    void templateHarnessSignsTheValidSeedAndNotTheForgedOne() throws IOException {
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
                .build().receive(Template.parse(input).request());
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = OmiseFuzzTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * The independent statement of what a valid Omise request is (Omise's webhook documentation,
     * https://docs.omise.co/api-webhooks): one {@code Omise-Signature-Timestamp} header of plain Unix seconds within
     * 300 s of now, and one {@code Omise-Signature} header whose comma-separated list holds
     * HMAC-SHA256(base64-decoded secret, timestamp + "." + body) in hex. Computed here with
     * javax.crypto, not with the module's code.
     */
    private static void assertOracleAccepts(Template template, WebhookRequest request) {
        List<String> timestamps = request.headers(OmiseWebhooks.TIMESTAMP_HEADER);
        List<String> signatures = request.headers(OmiseWebhooks.SIGNATURE_HEADER);
        assertThat(timestamps).hasSize(1);
        assertThat(signatures).hasSize(1);
        String t = timestamps.get(0);
        assertThat(t).isEqualTo(template.signedTimestamp()).matches("0|[1-9][0-9]{0,11}");
        assertThat(Math.abs(Long.parseLong(t) - NOW)).isLessThanOrEqualTo(TOLERANCE_SECONDS);
        List<String> entries = new ArrayList<>();
        for (String entry : signatures.get(0).split(",", -1)) {
            entries.add(entry.replaceAll("^[ \t]+|[ \t]+$", "").toLowerCase(Locale.ROOT));
        }
        assertThat(entries).contains(template.signature(SECRET));
    }

    private static String signature(String base64Secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request described by header lines, an empty line and a body; see the class comment. */
    private static final class Template {
        private final List<String[]> headers;
        private final byte[] body;
        private final String signedTimestamp;

        private Template(List<String[]> headers, byte[] body, String signedTimestamp) {
            this.headers = headers;
            this.body = body;
            this.signedTimestamp = signedTimestamp;
        }

        static Template parse(byte[] input) {
            int split = indexOf(input, new byte[] {'\n', '\n'});
            byte[] head = split < 0 ? input : Arrays.copyOfRange(input, 0, split);
            byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(input, split + 2, input.length);
            List<String[]> headers = new ArrayList<>();
            for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0 || headers.size() >= 64) {
                    continue;
                }
                String value = line.substring(colon + 1);
                headers.add(new String[] {line.substring(0, colon),
                        (value.startsWith(" ") ? value.substring(1) : value).replace("{now}", Long.toString(NOW))});
            }
            String t = "";
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(OmiseWebhooks.TIMESTAMP_HEADER)) {
                    t = header[1];
                    break;
                }
            }
            return new Template(headers, body, t);
        }

        String signedTimestamp() {
            return signedTimestamp;
        }

        String signature(String secret) {
            return OmiseFuzzTest.signature(secret, signedTimestamp, body);
        }

        WebhookRequest request() {
            String signature = signature(SECRET);
            String forged = signature(ATTACKER_SECRET);
            WebhookRequest.Builder request = WebhookRequest.builder().body(body);
            for (String[] header : headers) {
                request.header(header[0], header[1].replace("{sig}", signature).replace("{forged}", forged)
                        .replace("{SIG}", signature.toUpperCase(Locale.ROOT))
                        .replace("{sig-truncated}", signature.substring(0, 32))
                        .replace("{sig-extended}", signature + "00"));
            }
            return request.build();
        }

        private static int indexOf(byte[] data, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
