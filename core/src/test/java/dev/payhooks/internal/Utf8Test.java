package dev.payhooks.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator on its own: where it points, across the eight-byte fast path, and against the
 * JDK's UTF-8 decoder (strict since JDK 8: it reports overlong forms, surrogates and code points
 * above U+10FFFF as malformed) on seeded random bytes. The table of cases with their sources, run
 * through the receiver, is in {@code dev.payhooks.BodyEncodingTest}.
 */
class Utf8Test {

    private static final long DEFAULT_SEED = 0x7574_6638L;

    @Test
    void pointsAtTheStartOfTheFirstBadSequenceAtEveryOffsetOfTheFastPath() {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}, {(byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82, 'x'}};
        for (byte[] sequence : bad) {
            for (int offset = 0; offset <= 24; offset++) {
                for (int tail = 0; tail <= 9; tail++) {
                    byte[] body = new byte[offset + sequence.length + tail];
                    Arrays.fill(body, (byte) 'a');
                    System.arraycopy(sequence, 0, body, offset, sequence.length);
                    assertThat(Utf8.firstMalformed(body)).as("%s at %d, %d after", Arrays.toString(sequence), offset, tail)
                            .isEqualTo(offset);
                }
            }
        }
    }

    @Test
    void findsABadSequenceAfterValidMultiByteCharactersAtAnyAlignment() {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        for (int euros = 0; euros <= 9; euros++) {
            for (int ascii = 0; ascii <= 9; ascii++) {
                byte[] body = new byte[euros * 3 + ascii + 2];
                for (int k = 0; k < euros; k++) {
                    System.arraycopy(euro, 0, body, k * 3, 3);
                }
                Arrays.fill(body, euros * 3, euros * 3 + ascii, (byte) '"');
                body[body.length - 2] = (byte) 0xC1;
                body[body.length - 1] = (byte) 0xBF;
                assertThat(Utf8.firstMalformed(body)).isEqualTo(body.length - 2);
                assertThat(Utf8.firstMalformed(Arrays.copyOf(body, body.length - 2))).isEqualTo(-1);
            }
        }
    }

    @Test
    void acceptsTheEmptyBodyAndEveryCodePointFromU0001ToU10ffff() {
        assertThat(Utf8.isWellFormed(new byte[0])).isTrue();
        StringBuilder all = new StringBuilder();
        for (int cp = 1; cp <= 0x10FFFF; cp++) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                all.appendCodePoint(cp);
            }
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(-1);
    }

    @Test
    void describesEachKindOfErrorWithoutShowingTheBytes() {
        assertThat(describe(0x7B, 0x00)).startsWith("a NUL byte");
        assertThat(describe(0xFF, 0xFE)).contains("0xFF").contains("byte-order mark");
        assertThat(describe(0xC0, 0xAF)).isEqualTo("an overlong encoding");
        assertThat(describe(0xE0, 0x80, 0xAF)).isEqualTo("an overlong encoding");
        assertThat(describe(0xF0, 0x8F, 0xBF, 0xBF)).isEqualTo("an overlong encoding");
        assertThat(describe(0xED, 0xA0, 0x80)).startsWith("an encoded surrogate");
        assertThat(describe(0xF4, 0x90, 0x80, 0x80)).isEqualTo("a code point above U+10FFFF");
        assertThat(describe(0xF5, 0x80, 0x80, 0x80)).isEqualTo("a code point above U+10FFFF");
        assertThat(describe(0x80)).isEqualTo("a continuation byte without a lead byte");
        assertThat(describe(0xE2, 0x82)).isEqualTo("a sequence cut short");
        assertThat(describe(0xC3, 0x41)).isEqualTo("a sequence cut short");
    }

    private static String describe(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        int at = Utf8.firstMalformed(bytes);
        assertThat(at).as("malformed").isGreaterThanOrEqualTo(0);
        return Utf8.describe(bytes, at);
    }

    /**
     * On generated bodies (ASCII runs, valid characters of every length, and stray, cut, overlong,
     * surrogate and out-of-range sequences) the offset equals the first of: the JDK decoder's first
     * malformed position, the first NUL byte.
     */
    @Test
    void agreesWithTheJdkDecoderOnOneHundredThousandSeededBodies() {
        long seed = Long.getLong("payhooks.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] body = generate(random);
            int expected = reference(body);
            assertThat(Utf8.firstMalformed(body)).as("seed %d case %d: %s", seed, i, hex(body)).isEqualTo(expected);
            if (expected < 0) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertThat(valid).as("seed %d: valid bodies generated", seed).isGreaterThan(20_000);
        assertThat(invalid).as("seed %d: invalid bodies generated", seed).isGreaterThan(20_000);
    }

    private static int reference(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        int jdk = result.isError() ? in.position() : -1;
        int nul = -1;
        for (int k = 0; k < body.length; k++) {
            if (body[k] == 0) {
                nul = k;
                break;
            }
        }
        if (jdk < 0) {
            return nul;
        }
        return nul < 0 ? jdk : Math.min(jdk, nul);
    }

    private static byte[] generate(Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int pieces = 1 + random.nextInt(12);
        boolean spoil = random.nextInt(2) == 0;
        int spoilAt = random.nextInt(pieces);
        for (int p = 0; p < pieces; p++) {
            if (spoil && p == spoilAt) {
                out.writeBytes(badSequence(random));
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    int run = random.nextInt(20);
                    for (int k = 0; k < run; k++) {
                        out.write(0x20 + random.nextInt(0x5F));
                    }
                }
                case 1 -> {
                    int cp;
                    do {
                        cp = switch (random.nextInt(4)) {
                            case 0 -> 0x80 + random.nextInt(0x780);
                            case 1 -> 0x800 + random.nextInt(0xF800);
                            case 2 -> 0x10000 + random.nextInt(0x100000);
                            default -> 1 + random.nextInt(0x7F);
                        };
                    } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                }
                default -> out.writeBytes(boundaryCharacter(random));
            }
        }
        return out.toByteArray();
    }

    /** Characters at the edges of Table 3-7's ranges, where off-by-one errors live. */
    private static byte[] boundaryCharacter(Random random) {
        int[] edges = {0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xCFFF, 0xD000, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
            0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF};
        int cp = edges[random.nextInt(edges.length)];
        return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] badSequence(Random random) {
        switch (random.nextInt(9)) {
            case 0:
                return new byte[] {0};
            case 1: // a stray continuation byte
                return new byte[] {(byte) (0x80 + random.nextInt(0x40))};
            case 2: // C0, C1, F5..FF
                int[] never = {0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFB, 0xFC, 0xFE, 0xFF};
                return new byte[] {(byte) never[random.nextInt(never.length)], (byte) (0x80 + random.nextInt(0x40))};
            case 3: { // a valid multi-byte character cut short
                int cp = 0x80 + random.nextInt(0x10FF00);
                if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                    cp = 0xE9;
                }
                byte[] whole = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                return Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            case 4: // three-byte overlong
                return new byte[] {(byte) 0xE0, (byte) (0x80 + random.nextInt(0x20)), (byte) (0x80 + random.nextInt(0x40))};
            case 5: // four-byte overlong
                return new byte[] {(byte) 0xF0, (byte) (0x80 + random.nextInt(0x10)), (byte) (0x80 + random.nextInt(0x40)),
                    (byte) (0x80 + random.nextInt(0x40))};
            case 6: // an encoded surrogate
                return new byte[] {(byte) 0xED, (byte) (0xA0 + random.nextInt(0x20)), (byte) (0x80 + random.nextInt(0x40))};
            case 7: // above U+10FFFF
                return new byte[] {(byte) 0xF4, (byte) (0x90 + random.nextInt(0x30)), (byte) (0x80 + random.nextInt(0x40)),
                    (byte) (0x80 + random.nextInt(0x40))};
            default: { // any bytes at all
                byte[] noise = new byte[1 + random.nextInt(4)];
                random.nextBytes(noise);
                return noise;
            }
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
