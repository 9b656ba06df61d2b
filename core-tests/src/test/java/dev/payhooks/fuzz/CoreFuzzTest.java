package dev.payhooks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.Outcome;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.Timestamps;
import dev.payhooks.testkit.TestScheme;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for core's parsers and pipeline. In {@code mvn verify} they replay the committed
 * inputs under {@code src/test/resources/dev/payhooks/fuzz/CoreFuzzTestInputs/<method>/}; to fuzz,
 * run with {@code JAZZER_FUZZ=1} (see SECURITY.md). Each target asserts that only the documented
 * outcome happens.
 */
class CoreFuzzTest {

    private static final String SECRET = "fuzz_secret";
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final JsonEventDecoder DECODER = JsonEventDecoder.builder("fuzz").created("/created")
            .mode("/livemode").account("/account").attribute("a", "/x/y/z").build();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final WebhookReceiver RECEIVER = WebhookReceiver.builder().source(TestScheme.source(SECRET))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).otherwise(e -> HANDLED.incrementAndGet()).build();

    @FuzzTest
    void timestampParserThrowsOnlyTheDocumentedException(String text) {
        try {
            long value = Timestamps.parseUnixSeconds(text);
            assertThat(Long.toString(value)).isEqualTo(text);
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @FuzzTest
    void signatureDecodingNeverThrows(String text) {
        SignatureEncoding.HEX.decode(text).ifPresent(bytes -> assertThat(SignatureEncoding.HEX.encode(bytes)).isEqualTo(text));
        SignatureEncoding.BASE64.decode(text).ifPresent(bytes -> assertThat(SignatureEncoding.BASE64.encode(bytes)).isEqualTo(text));
    }

    @FuzzTest
    void eventDecoderThrowsOnlyDecodingExceptions(byte[] body) {
        try {
            Event event = DECODER.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
            assertThat(event.id()).isNotEmpty().hasSizeLessThanOrEqualTo(JsonEventDecoder.MAX_ID_LENGTH);
            assertThat(event.type()).isNotEmpty();
            event.at("/data");
        } catch (WebhookDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @FuzzTest
    void receiveNeverThrowsNever5xxAndNeverRunsAHandlerForAForgery(FuzzedDataProvider data) {
        WebhookRequest.Builder request = WebhookRequest.builder();
        int headers = data.consumeInt(0, 4);
        for (int i = 0; i < headers; i++) {
            String name = data.pickValue(new String[] {"X-Test-Timestamp", "X-Test-Signature", "x-test-signature", "Other"});
            request.header(name, data.consumeString(200));
        }
        request.body(data.consumeRemainingAsBytes());
        int before = HANDLED.get();

        WebhookResponse response = RECEIVER.receive(request.build());

        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(HANDLED.get()).isEqualTo(before);
    }
}
