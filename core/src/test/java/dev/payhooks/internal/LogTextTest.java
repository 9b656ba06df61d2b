package dev.payhooks.internal;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void returnsAPrintableValueItself() {
        String plain = "evt_1NqK3b2eZvKYlo2C payment_intent.succeeded caf\u00e9 \u4e2d\u6587 \ud83d\ude00";
        assertThat(LogText.escape(plain)).isSameAs(plain);
    }

    @Test
    void escapesLineBreaksTerminalControlsAndBidiOverrides() {
        assertThat(LogText.escape("evt_1\nINFO forged line")).isEqualTo("evt_1\\nINFO forged line");
        assertThat(LogText.escape("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
        assertThat(LogText.escape("evt_\u001b[31mred\u001b[0m")).isEqualTo("evt_\\u001b[31mred\\u001b[0m");
        assertThat(LogText.escape("nul\u0000del\u007f")).isEqualTo("nul\\u0000del\\u007f");
        // C1: NEL is a line break to some viewers, CSI starts an escape sequence in some terminals.
        assertThat(LogText.escape("a\u0085b\u009bc\u0080")).isEqualTo("a\\u0085b\\u009bc\\u0080");
        assertThat(LogText.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(LogText.escape("admin\u202e\u2066txt.exe\u2069\u200f\u061c")).isEqualTo("admin\\u202e\\u2066txt.exe\\u2069\\u200f\\u061c");
        // Just outside the escaped ranges.
        assertThat(LogText.escape("\u00a0\u00e9\u2027\u202f\u2065\u206a")).isEqualTo("\u00a0\u00e9\u2027\u202f\u2065\u206a");
    }

    @Test
    void escapesTheBackslashSoThatEveryEscapedLineReadsBackUnambiguously() {
        assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
        assertThat(LogText.escape("a\nb")).isEqualTo("a\\nb");
        assertThat(LogText.escape("a\\nb")).isNotEqualTo(LogText.escape("a\nb"));
    }

    @Test
    void escapesUnpairedSurrogatesAndKeepsPairs() {
        assertThat(LogText.escape("x\ud83dy")).isEqualTo("x\\ud83dy");
        assertThat(LogText.escape("x\ude00")).isEqualTo("x\\ude00");
        assertThat(LogText.escape("\ude00\ud83d")).isEqualTo("\\ude00\\ud83d");
        assertThat(LogText.escape("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void boundsALongValueBeforeEscaping() {
        assertThat(LogText.escape("abcdef", 4)).isEqualTo("abcd...");
        assertThat(LogText.escape("abcd", 4)).isEqualTo("abcd");
        assertThat(LogText.escape("ab\ncd", 3)).isEqualTo("ab\\n...");
        assertThat(LogText.escape("ab\ud83d\ude00", 3)).as("never splits a pair").isEqualTo("ab...");
        assertThat(LogText.escape(null)).isEqualTo("null");
        assertThat(LogText.escape(null, 3)).isEqualTo("null");
    }

    /** Whatever the input, the output is one line of printable ASCII or non-control characters. */
    @Test
    void neverLetsAControlCharacterThroughOnSeededRandomText() {
        long seed = Long.getLong("payhooks.seed", 0x106_7e47L);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = random.nextInt(3) == 0 ? (char) random.nextInt(0xA0) : (char) random.nextInt(0x10000);
            }
            String escaped = LogText.escape(new String(chars));
            for (int k = 0; k < escaped.length(); k++) {
                char c = escaped.charAt(k);
                assertThat(c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                        .as("seed %d case %d: U+%04X at %d", seed, i, (int) c, k).isFalse();
                if (Character.isHighSurrogate(c)) {
                    assertThat(k + 1 < escaped.length() && Character.isLowSurrogate(escaped.charAt(k + 1)))
                            .as("seed %d case %d: unpaired high surrogate", seed, i).isTrue();
                    k++;
                } else {
                    assertThat(Character.isLowSurrogate(c)).as("seed %d case %d: unpaired low surrogate", seed, i).isFalse();
                }
            }
        }
    }
}
