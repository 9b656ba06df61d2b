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
        int i = 0;
        while (i < n) {
            if (n - i >= Long.BYTES) {
                long word = (long) LONGS.get(bytes, i);
                // Zero iff all eight bytes are in 01..7F: a byte with its high bit set shows in
                // `word`; a zero byte borrows in the subtraction and sets its own high bit there
                // (bytes below the first zero are at least 01, so none of them borrows).
                if (((word | (word - ONES)) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                    continue;
                }
            }
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i, b & 0xFF);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
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
     * The length of the well-formed sequence starting with lead byte {@code b} at {@code at}, or
     * -1. Ranges from the Unicode Standard, Table 3-7.
     */
    private static int sequenceLength(byte[] bytes, int at, int b) {
        int n = bytes.length;
        if (b == 0) {
            return -1;
        }
        if (b < 0xC2) {
            // 80..BF: a continuation byte without a lead; C0, C1: only ever lead overlong forms.
            return -1;
        }
        if (b < 0xE0) {
            return at + 1 < n && isContinuation(bytes[at + 1]) ? 2 : -1;
        }
        if (b < 0xF0) {
            // E0 needs A0..BF next (below is overlong); ED needs 80..9F (above is a surrogate).
            int low = b == 0xE0 ? 0xA0 : 0x80;
            int high = b == 0xED ? 0x9F : 0xBF;
            return at + 2 < n && inRange(bytes[at + 1], low, high) && isContinuation(bytes[at + 2]) ? 3 : -1;
        }
        if (b < 0xF5) {
            // F0 needs 90..BF next (below is overlong); F4 needs 80..8F (above is past U+10FFFF).
            int low = b == 0xF0 ? 0x90 : 0x80;
            int high = b == 0xF4 ? 0x8F : 0xBF;
            return at + 3 < n && inRange(bytes[at + 1], low, high) && isContinuation(bytes[at + 2])
                    && isContinuation(bytes[at + 3]) ? 4 : -1;
        }
        // F5..FF never occur in UTF-8.
        return -1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean inRange(byte b, int low, int high) {
        int v = b & 0xFF;
        return v >= low && v <= high;
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
