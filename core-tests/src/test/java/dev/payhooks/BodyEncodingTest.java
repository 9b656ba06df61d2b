package dev.payhooks;

import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UTF-8 table: validly signed bodies with one encoding feature each, through a real receiver.
 * Each row gives the bytes, the expected answer and the rule's source. A body that is not UTF-8
 * is answered 400 {@link RejectionReason#MALFORMED_BODY_ENCODING} after verification and before
 * decoding, reaches no handler, is seen by listeners and is logged with its reason code (and an
 * offset, never the bytes); every well-formed character, 4-byte ones included, still passes.
 *
 * <p>Sources: RFC 3629 (https://www.rfc-editor.org/rfc/rfc3629) section 3 (C0, C1, F5..FF never
 * appear; overlong forms and surrogates must not be decoded), section 4 (the byte-sequence
 * grammar) and section 10 (the overlong attacks {@code C0 80} and {@code C0 AE}); the Unicode
 * Standard, chapter 3, Table 3-7 "Well-Formed UTF-8 Byte Sequences"; RFC 8259
 * (https://www.rfc-editor.org/rfc/rfc8259) section 8.1 (JSON between systems is UTF-8; a parser
 * may ignore a byte-order mark) and section 7 (control characters in strings are escaped).
 */
class BodyEncodingTest {

    private static final String SECRET = "test_secret_utf8_7a1c";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long TS = NOW.getEpochSecond();
    /** In every body: a stand-in for personal data that must never reach a log. */
    private static final String PII = "PII-Somchai-0812345678";

    private static final String RFC3629_3 = "RFC 3629 section 3";
    private static final String RFC3629_4 = "RFC 3629 section 4";
    private static final String RFC3629_10 = "RFC 3629 section 10";
    private static final String TABLE_3_7 = "Unicode Standard Table 3-7";
    private static final String RFC8259_8_1 = "RFC 8259 section 8.1";
    private static final String RFC8259_7 = "RFC 8259 section 7";

    /** One row: a name, the body, whether it passes, and where the rule comes from. */
    record Row(String name, byte[] body, boolean passes, String source) {
        @Override
        public String toString() {
            return name + " -> " + (passes ? "200" : "400 MALFORMED_BODY_ENCODING") + " (" + source + ")";
        }
    }

    private static int ids;

    /** An event whose data.note holds the raw bytes, between otherwise ASCII JSON. */
    private static byte[] withNote(int... noteBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"id\":\"evt_enc_" + (++ids) + "\",\"type\":\"enc.test\",\"data\":{\"who\":\"" + PII + "\",\"note\":\"")
                .getBytes(StandardCharsets.US_ASCII));
        for (int b : noteBytes) {
            out.write(b);
        }
        out.writeBytes("\"}}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] event(Charset charset, boolean bom) {
        String json = "{\"id\":\"evt_enc_" + (++ids) + "\",\"type\":\"enc.test\",\"data\":{\"who\":\"" + PII + "\"}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.writeBytes("\ufeff".getBytes(charset));
        }
        // The JDK's UTF_16 and UTF_32 encoders write a BOM of their own; the BE/LE ones do not.
        out.writeBytes(json.getBytes(charset));
        return out.toByteArray();
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // Well-formed: every length of sequence, at the edges of Table 3-7's ranges.
        rows.add(new Row("ASCII only", withNote('o', 'k'), true, RFC3629_4));
        rows.add(new Row("U+0080, the first 2-byte character (C2 80)", withNote(0xC2, 0x80), true, TABLE_3_7));
        rows.add(new Row("U+00E9 e-acute (C3 A9)", withNote(0xC3, 0xA9), true, RFC3629_3));
        rows.add(new Row("U+07FF, the last 2-byte character (DF BF)", withNote(0xDF, 0xBF), true, TABLE_3_7));
        rows.add(new Row("U+0800, the first 3-byte character (E0 A0 80)", withNote(0xE0, 0xA0, 0x80), true, TABLE_3_7));
        rows.add(new Row("U+20AC euro sign (E2 82 AC)", withNote(0xE2, 0x82, 0xAC), true, RFC3629_3));
        rows.add(new Row("U+0E44 Thai (E0 B9 84)", withNote(0xE0, 0xB9, 0x84), true, RFC3629_3));
        rows.add(new Row("U+D7FF, just below the surrogates (ED 9F BF)", withNote(0xED, 0x9F, 0xBF), true, TABLE_3_7));
        rows.add(new Row("U+E000, just above the surrogates (EE 80 80)", withNote(0xEE, 0x80, 0x80), true, TABLE_3_7));
        rows.add(new Row("U+FFFF, a noncharacter but well-formed (EF BF BF)", withNote(0xEF, 0xBF, 0xBF), true, TABLE_3_7));
        rows.add(new Row("U+10000, the first 4-byte character (F0 90 80 80)", withNote(0xF0, 0x90, 0x80, 0x80), true, TABLE_3_7));
        rows.add(new Row("U+1F600 emoji, 4 bytes (F0 9F 98 80)", withNote(0xF0, 0x9F, 0x98, 0x80), true, RFC3629_3));
        rows.add(new Row("U+10FFFF, the last code point (F4 8F BF BF)", withNote(0xF4, 0x8F, 0xBF, 0xBF), true, TABLE_3_7));
        rows.add(new Row("UTF-8 byte-order mark before the JSON (EF BB BF)", event(StandardCharsets.UTF_8, true), true, RFC8259_8_1));

        // Overlong forms.
        rows.add(new Row("overlong '/' (C0 AF)", withNote(0xC0, 0xAF), false, RFC3629_10));
        rows.add(new Row("overlong '.' (C0 AE, the '/../' attack)", withNote(0xC0, 0xAE), false, RFC3629_10));
        rows.add(new Row("overlong NUL (C0 80)", withNote(0xC0, 0x80), false, RFC3629_10));
        rows.add(new Row("overlong U+007F (C1 BF)", withNote(0xC1, 0xBF), false, RFC3629_3));
        rows.add(new Row("3-byte overlong '/' (E0 80 AF)", withNote(0xE0, 0x80, 0xAF), false, TABLE_3_7));
        rows.add(new Row("3-byte overlong U+07FF (E0 9F BF)", withNote(0xE0, 0x9F, 0xBF), false, TABLE_3_7));
        rows.add(new Row("4-byte overlong '/' (F0 80 80 AF)", withNote(0xF0, 0x80, 0x80, 0xAF), false, TABLE_3_7));
        rows.add(new Row("4-byte overlong U+FFFF (F0 8F BF BF)", withNote(0xF0, 0x8F, 0xBF, 0xBF), false, TABLE_3_7));
        // Surrogates.
        rows.add(new Row("high surrogate U+D800 (ED A0 80)", withNote(0xED, 0xA0, 0x80), false, RFC3629_3));
        rows.add(new Row("low surrogate U+DFFF (ED BF BF)", withNote(0xED, 0xBF, 0xBF), false, RFC3629_3));
        rows.add(new Row("surrogate pair encoded as two 3-byte sequences (CESU-8)",
                withNote(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), false, RFC3629_3));
        // Above U+10FFFF.
        rows.add(new Row("U+110000 (F4 90 80 80)", withNote(0xF4, 0x90, 0x80, 0x80), false, TABLE_3_7));
        rows.add(new Row("lead byte F5 (F5 80 80 80)", withNote(0xF5, 0x80, 0x80, 0x80), false, RFC3629_3));
        rows.add(new Row("old 5-byte form (F8 88 80 80 80)", withNote(0xF8, 0x88, 0x80, 0x80, 0x80), false, RFC3629_3));
        rows.add(new Row("old 6-byte form (FC 84 80 80 80 80)", withNote(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80), false, RFC3629_3));
        // Truncated sequences and stray bytes.
        rows.add(new Row("2-byte sequence cut short (C3 then '\"')", withNote(0xC3), false, RFC3629_4));
        rows.add(new Row("3-byte sequence cut short (E2 82 then '\"')", withNote(0xE2, 0x82), false, RFC3629_4));
        rows.add(new Row("4-byte sequence cut short (F0 9F 98 then '\"')", withNote(0xF0, 0x9F, 0x98), false, RFC3629_4));
        rows.add(new Row("body ending inside a sequence (... E2 82)", cutAtEnd(), false, RFC3629_4));
        rows.add(new Row("continuation byte without a lead (80)", withNote(0x80), false, RFC3629_4));
        rows.add(new Row("byte FE", withNote(0xFE), false, RFC3629_3));
        rows.add(new Row("byte FF", withNote(0xFF), false, RFC3629_3));
        rows.add(new Row("ISO-8859-1 e-acute (E9), not UTF-8", withNote(0xE9, 'x'), false, RFC8259_8_1));
        rows.add(new Row("a raw NUL inside a string (00)", withNote(0x00), false, RFC8259_7));
        // Other encodings of the same JSON.
        rows.add(new Row("UTF-16 with its byte-order mark (FE FF 00 7B ...)", event(StandardCharsets.UTF_16, false), false, RFC8259_8_1));
        rows.add(new Row("UTF-16BE without a byte-order mark (00 7B 00 22 ...)", event(StandardCharsets.UTF_16BE, false), false,
                RFC8259_8_1));
        rows.add(new Row("UTF-16LE with a byte-order mark (FF FE 7B 00 ...)", event(StandardCharsets.UTF_16LE, true), false, RFC8259_8_1));
        rows.add(new Row("UTF-16LE without a byte-order mark (7B 00 22 00 ...)", event(StandardCharsets.UTF_16LE, false), false,
                RFC8259_8_1));
        rows.add(new Row("UTF-32BE (00 00 00 7B ...)", event(Charset.forName("UTF-32BE"), false), false, RFC8259_8_1));
        rows.add(new Row("UTF-32LE with a byte-order mark (FF FE 00 00 7B ...)", event(Charset.forName("UTF-32LE"), true), false,
                RFC8259_8_1));
        return rows.stream();
    }

    private static byte[] cutAtEnd() {
        byte[] whole = withNote('x');
        byte[] body = java.util.Arrays.copyOf(whole, whole.length + 2);
        body[whole.length] = (byte) 0xE2;
        body[whole.length + 1] = (byte) 0x82;
        return body;
    }

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger handled = new AtomicInteger();
    private final List<WebhookResponse> completed = new ArrayList<>();

    private WebhookReceiver receiver(WebhookSource source) {
        return WebhookReceiver.builder().source(source).clock(clock)
                .idempotencyStore(IdempotencyStore.inMemoryBuilder().clock(clock).build())
                .otherwise(event -> handled.incrementAndGet())
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        completed.add(response);
                    }
                })
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void answersEachEncodingAsTheTableSays(Row row) {
        WebhookReceiver receiver = receiver(TestScheme.source(SECRET));
        WebhookResponse response;
        List<String> lines;
        try (LogCapture logs = LogCapture.open()) {
            response = receiver.receive(TestScheme.signed(SECRET, TS, row.body()).build());
            lines = logs.lines();
        }
        assertThat(completed).as("the listener saw the answer").containsExactly(response);
        if (row.passes()) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(handled).hasValue(1);
        } else {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.reason()).contains(RejectionReason.MALFORMED_BODY_ENCODING);
            assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(response.event()).as("never decoded").isEmpty();
            assertThat(handled).hasValue(0);
            assertThat(lines).as("one log line with the reason and where, never the body")
                    .singleElement().asString().contains("MALFORMED_BODY_ENCODING").containsPattern("at byte \\d+$")
                    .doesNotContain(PII).doesNotContain("\n");
        }
    }

    @Test
    void anUnsignedOrStaleBodyIsJudgedByItsSignatureFirstSoASenderLearnsNothingAboutTheCheck() {
        WebhookReceiver receiver = receiver(TestScheme.source(SECRET));
        byte[] overlong = withNote(0xC0, 0xAF);

        WebhookResponse forged = receiver.receive(TestScheme.signed("not_the_secret", TS, overlong).build());
        WebhookResponse stale = receiver.receive(TestScheme.signed(SECRET, TS - 3600, overlong).build());

        assertThat(forged.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(stale.reason()).contains(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(handled).hasValue(0);
    }

    @Test
    void anOverlongMemberNameNeverBecomesTheEventId() {
        // C1 A9 is an overlong 'i': a lenient decoder reads the member "\xC1\xA9d" as "id", a
        // strict one (the application's own parser, perhaps) sees no id at all. Refused before
        // any parser runs, so the two can never disagree on which event this is.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC1);
        body.write(0xA9);
        body.writeBytes("d\":\"evt_shadow\",\"type\":\"enc.test\",\"data\":{}}".getBytes(StandardCharsets.US_ASCII));
        WebhookReceiver receiver = receiver(TestScheme.source(SECRET));

        WebhookResponse response = receiver.receive(TestScheme.signed(SECRET, TS, body.toByteArray()).build());

        assertThat(response.reason()).contains(RejectionReason.MALFORMED_BODY_ENCODING);
        assertThat(response.detail()).hasValueSatisfying(detail -> assertThat(detail).contains("overlong").endsWith("at byte 2"));
        assertThat(handled).hasValue(0);
    }

    @Test
    void aDecoderForBinaryBodiesCanOptOutAndGetsTheBytesUnchanged() {
        EventDecoder binary = new EventDecoder() {
            @Override
            public Event decode(dev.payhooks.WebhookRequest request, dev.payhooks.spi.Verification verification) {
                return Event.builder(TestScheme.PROVIDER, "bin_1", "bin.test", request.body()).build();
            }

            @Override
            public boolean requiresUtf8() {
                return false;
            }
        };
        List<byte[]> seen = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(new WebhookSource(TestScheme.PROVIDER, TestScheme.source(SECRET).verifier(), binary)).clock(clock)
                .otherwise(event -> seen.add(event.rawJson())).build();
        byte[] body = {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};

        WebhookResponse response = receiver.receive(TestScheme.signed(SECRET, TS, body).build());

        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(seen).singleElement().isEqualTo(body);
        assertThat(TestScheme.decoder().requiresUtf8()).as("the default").isTrue();
    }
}
