package dev.payhooks.internal;

/**
 * Makes a value that came from a request safe to print on one line of a log or a terminal. Logs
 * are evidence: an event id, type, tenant, header value or message built from them must not be
 * able to start a forged line (CR, LF, U+0085, U+2028, U+2029), move the cursor or recolour a
 * terminal (ESC and the other C0 and C1 controls, DEL), or reorder what a reader sees (the Unicode
 * bidirectional controls, the "Trojan Source" characters of CVE-2021-42574).
 *
 * <p>Each such character becomes a Java-style escape: {@code \n}, {@code \r}, {@code \t}, or a
 * backslash, {@code u} and four hex digits (ESC prints as {@code \}{@code u001b}). A backslash
 * becomes {@code \\}, so an escaped line can be read back without ambiguity: a value that held
 * the two characters {@code \n} prints as {@code \\n}. Unpaired surrogates are escaped too, since
 * an encoder would otherwise print them as {@code ?}. Every other character, non-ASCII letters
 * included, is kept.
 *
 * <p>Used by the receiver, the inbox processor, the servlet adapter and the command-line tool.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * The value with every character that could break or disguise a line escaped.
     *
     * @param value a value from a request; {@code null} prints as {@code null}
     * @return the value itself when nothing needed escaping, else an escaped copy
     */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        int n = value.length();
        int i = 0;
        while (i < n && !needsEscape(value, i)) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n + 16).append(value, 0, i);
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (!needsEscape(value, i)) {
                out.append(c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xF, 16))
                        .append(Character.forDigit((c >> 4) & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    /**
     * {@link #escape(String)}, cut to a length first (with {@code ...} appended when cut), for
     * values a client may make arbitrarily long, such as a content type.
     *
     * @param value a value from a request; {@code null} prints as {@code null}
     * @param maxLength the most characters kept before escaping; at least 1
     * @return the bounded, escaped value
     */
    public static String escape(String value, int maxLength) {
        if (value == null || value.length() <= maxLength) {
            return escape(value);
        }
        int end = maxLength;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return escape(value.substring(0, end)) + "...";
    }

    private static boolean needsEscape(String value, int i) {
        char c = value.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return c == '\\';
        }
        if (c <= 0x9F) {
            // C0 controls, DEL and the C1 controls (U+0085 NEL is a line break; U+009B is CSI).
            return true;
        }
        if (c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
