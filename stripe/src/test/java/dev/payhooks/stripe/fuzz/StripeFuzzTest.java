package dev.payhooks.stripe.fuzz;

import dev.payhooks.stripe.internal.StripeEventDecoder;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
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
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.stripe.StripeEvents;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.internal.SignatureHeader;
import dev.payhooks.stripe.view.RefundView;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>The request targets read a small text template, so that the committed inputs stay readable
 * and the fuzzer can reach the code behind a valid signature: header lines {@code Name: value},
 * an empty line, then the raw body. In header values {@code {now}} becomes the receiver's clock in
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
        Template template = Template.parse(input);
        WebhookRequest request = template.request();
        boolean verified;
        try {
            VERIFIER.verify(request, CLOCK.instant());
            verified = true;
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.getMessage()).doesNotContain(template.signature(SECRET)).doesNotContain(SECRET);
            verified = false;
        }
        if (verified) {
            assertOracleAccepts(template, request);
        }
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
                .build().receive(Template.parse(input).request());
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = StripeFuzzTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * The independent statement of what a valid Stripe request is (docs.stripe.com/webhooks,
     * "Verify manually"): one {@code Stripe-Signature} header whose {@code t} entry is plain Unix
     * seconds within 300 s of now and which carries {@code v1=} HMAC-SHA256(secret, t + "." + body)
     * in lower-case hex. Computed here with javax.crypto, not with the module's code.
     */
    private static void assertOracleAccepts(Template template, WebhookRequest request) {
        List<String> values = request.headers(StripeWebhooks.SIGNATURE_HEADER);
        assertThat(values).hasSize(1);
        List<String> entries = entries(values.get(0));
        String t = template.signedTimestamp();
        assertThat(t).matches("0|[1-9][0-9]{0,11}");
        assertThat(Math.abs(Long.parseLong(t) - NOW)).isLessThanOrEqualTo(TOLERANCE_SECONDS);
        assertThat(entries).filteredOn(e -> e.startsWith("t=")).containsExactly("t=" + t);
        assertThat(entries).contains("v1=" + template.signature(SECRET));
        assertThat(request.headers(StripeWebhooks.SIGNATURE_HEADER.toLowerCase(Locale.ROOT))).isEqualTo(values);
    }

    private static List<String> entries(String value) {
        return Arrays.asList(value.split(",", -1));
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
                if (header[0].equalsIgnoreCase(StripeWebhooks.SIGNATURE_HEADER)) {
                    for (String entry : header[1].split(",", -1)) {
                        if (entry.startsWith("t=")) {
                            t = entry.substring(2);
                            break;
                        }
                    }
                    break;
                }
            }
            return new Template(headers, body, t);
        }

        String signedTimestamp() {
            return signedTimestamp;
        }

        String signature(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((signedTimestamp + ".").getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(mac.doFinal(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
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
