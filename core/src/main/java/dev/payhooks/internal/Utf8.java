package dev.payhooks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation of a body before any parser reads it, in one pass over the bytes and
 * without allocating. It runs on every verified delivery, so plain ASCII (most of every JSON body)
 * is checked eight bytes at a time.
 *
 * <p>A body passes when it is well-formed UTF-8 as RFC 3629 section 4 and the Unicode Standard's
 * Table 3-7 ("Well-Formed UTF-8 Byte Sequences") define it, and contains no NUL byte:
 * <ul>
 * <li>no overlong forms ({@code C0 AF} for {@code /}, {@code E0 80 AF}): RFC 3629 section 3 forbids
 *     decoding them, and section 10 explains the attack, a string that one decoder reads as
 *     {@code "id"} and a strict one does not;</li>
 * <li>no encoded surrogates ({@code ED A0 80}) and nothing above U+10FFFF (lead bytes
 *     {@code F4 90} and up, {@code F5} to {@code FF});</li>
 * <li>no sequence cut short or continuation byte without a lead byte;</li>
 * <li>no NUL: a JSON text never contains an unescaped U+0000 (RFC 8259 section 7 requires control
 *     characters in strings to be escaped, and section 2 does not count them as whitespace), while
 *     every UTF-16 or UTF-32 JSON text has NUL bytes, because its ASCII structural characters
 *     encode with a zero byte. UTF-16 and UTF-32 byte-order marks ({@code FE FF}, {@code FF FE})
 *     are bytes that never occur in UTF-8. RFC 8259 section 8.1: JSON exchanged between systems
 *     that are not part of a closed ecosystem must be UTF-8.</li>
 * </ul>
 * A UTF-8 byte-order mark ({@code EF BB BF}) is well-formed and passes; RFC 8259 section 8.1 lets
 * a parser ignore it, and Jackson does.
 *
 * <p>Why not {@code CharsetDecoder}: the JDK's UTF-8 decoder is just as strict (the tests use it as
 * the reference), but it needs an output buffer as large as the body.
 */
public final class Utf8 {

    /** Reads eight bytes at any offset; the byte order does not matter for the masks below. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** 0xBF as a signed byte: continuation bytes 80..BF are exactly the bytes at or below it. */
    private static final int CONTINUATION_MAX = (byte) 0xBF;

    private Utf8() {
    }

    /**
     * The offset of the first byte sequence that is not well-formed UTF-8 (or is a NUL).
     *
     * @param bytes the body
     * @return the offset where the first bad sequence starts, or {@code -1} when every byte is fine
     */
    public static int firstMalformed(byte[] bytes) {
        int n = bytes.length;
        int blockLimit = n - 4 * Long.BYTES;
        int wordLimit = n - Long.BYTES;
        int i = 0;
        while (true) {
            // Tight loops the JIT compiles well: 32, then 8 bytes per step while they are all
            // 01..7F. A word's mask is zero iff its bytes are: a byte with its high bit set shows
            // in `word`; a zero byte borrows in the subtraction and sets its own high bit there
            // (the bytes below the first zero are at least 01, so none of them borrows).
            while (i <= blockLimit) {
                long a = (long) LONGS.get(bytes, i);
                long b = (long) LONGS.get(bytes, i + 8);
                long c = (long) LONGS.get(bytes, i + 16);
                long d = (long) LONGS.get(bytes, i + 24);
                if (((a | (a - ONES) | b | (b - ONES) | c | (c - ONES) | d | (d - ONES)) & HIGH_BITS) != 0) {
                    break;
                }
                i += 4 * Long.BYTES;
            }
            while (i <= wordLimit) {
                long word = (long) LONGS.get(bytes, i);
                if (((word | (word - ONES)) & HIGH_BITS) != 0) {
                    break;
                }
                i += Long.BYTES;
            }
            if (i >= n) {
                return -1;
            }
            // Byte by byte through the word that stopped the loop (or the tail under eight bytes).
            int stop = Math.min(i + Long.BYTES, n);
            do {
                int b = bytes[i];
                if (b > 0) {
                    i++;
                    continue;
                }
                int length = sequenceLength(bytes, i, b);
                if (length < 0) {
                    return i;
                }
                i += length;
            } while (i < stop);
        }
    }

    /**
     * Whether the bytes pass {@link #firstMalformed(byte[])}.
     *
     * @param bytes the body
     * @return {@code true} when the body is well-formed UTF-8 without NUL bytes
     */
    public static boolean isWellFormed(byte[] bytes) {
        return firstMalformed(bytes) < 0;
    }

    /**
     * The length of the well-formed sequence whose lead byte {@code b} (signed, so 80..FF are
     * negative) is at {@code at}, or -1. Ranges from the Unicode Standard, Table 3-7; compared as
     * signed bytes, a continuation byte 80..BF is -128..-65, so "is a continuation" is {@code <= -65}.
     */
    private static int sequenceLength(byte[] bytes, int at, int b) {
        int n = bytes.length;
        int lead = b & 0xFF;
        if (lead < 0xC2) {
            // 00: NUL; 80..BF: a continuation byte without a lead; C0, C1: only ever lead overlong forms.
            return -1;
        }
        if (lead < 0xE0) {
            return at + 1 < n && bytes[at + 1] <= CONTINUATION_MAX ? 2 : -1;
        }
        if (lead < 0xF0) {
            if (at + 2 >= n) {
                return -1;
            }
            // E0 needs A0..BF next (below is overlong); ED needs 80..9F (above is a surrogate).
            int second = bytes[at + 1];
            int low = lead == 0xE0 ? (byte) 0xA0 : (byte) 0x80;
            int high = lead == 0xED ? (byte) 0x9F : CONTINUATION_MAX;
            return second >= low && second <= high && bytes[at + 2] <= CONTINUATION_MAX ? 3 : -1;
        }
        if (lead < 0xF5) {
            if (at + 3 >= n) {
                return -1;
            }
            // F0 needs 90..BF next (below is overlong); F4 needs 80..8F (above is past U+10FFFF).
            int second = bytes[at + 1];
            int low = lead == 0xF0 ? (byte) 0x90 : (byte) 0x80;
            int high = lead == 0xF4 ? (byte) 0x8F : CONTINUATION_MAX;
            return second >= low && second <= high && bytes[at + 2] <= CONTINUATION_MAX
                    && bytes[at + 3] <= CONTINUATION_MAX ? 4 : -1;
        }
        // F5..FF never occur in UTF-8.
        return -1;
    }

    /**
     * What is wrong at an offset {@link #firstMalformed(byte[])} returned, for a log line: the kind
     * of error only, never the bytes themselves.
     *
     * @param bytes the body
     * @param at the offset
     * @return a short description
     */
    public static String describe(byte[] bytes, int at) {
        int b = bytes[at] & 0xFF;
        int next = at + 1 < bytes.length ? bytes[at + 1] & 0xFF : -1;
        if (b == 0) {
            return "a NUL byte (a UTF-16 or UTF-32 body has them; JSON in UTF-8 never does)";
        }
        if (b == 0xFE || b == 0xFF) {
            return "byte 0x" + Integer.toHexString(b).toUpperCase(java.util.Locale.ROOT)
                    + ", which never occurs in UTF-8 (a UTF-16 or UTF-32 byte-order mark?)";
        }
        if (b >= 0x80 && b < 0xC0) {
            return "a continuation byte without a lead byte";
        }
        if (b == 0xC0 || b == 0xC1 || (b == 0xE0 && next >= 0x80 && next < 0xA0) || (b == 0xF0 && next >= 0x80 && next < 0x90)) {
            return "an overlong encoding";
        }
        if (b == 0xED && next >= 0xA0 && next < 0xC0) {
            return "an encoded surrogate (U+D800 to U+DFFF)";
        }
        if (b >= 0xF5 || (b == 0xF4 && next >= 0x90 && next < 0xC0)) {
            return "a code point above U+10FFFF";
        }
        return "a sequence cut short";
    }
}
