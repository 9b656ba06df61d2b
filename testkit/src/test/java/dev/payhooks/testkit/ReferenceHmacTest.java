package dev.payhooks.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceHmacTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesTheHmacSha256VectorsOfRfc4231() {
        // RFC 4231 section 4.2 (test case 1) and 4.3 (test case 2), https://www.rfc-editor.org/rfc/rfc4231
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(ReferenceHmac.sha256(key1, utf8("Hi There"))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(HexFormat.of().formatHex(ReferenceHmac.sha256(utf8("Jefe"), utf8("what do ya want for nothing?"))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signsThePartsAsOneConcatenatedMessage() {
        assertThat(ReferenceHmac.sha256(utf8("Jefe"), utf8("what do ya "), new byte[0], utf8("want for nothing?")))
                .isEqualTo(ReferenceHmac.sha256(utf8("Jefe"), utf8("what do ya want for nothing?")));
    }

    @Test
    void hexFormSignsPrefixThenBodyUnderTheUtf8Key() {
        // Expected value from: printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac test_secret_4f0c2a
        assertThat(ReferenceHmac.sha256Hex("test_secret_4f0c2a", "1700000000.", utf8("{\"id\":\"evt_1\"}")))
                .isEqualTo("baac2f9f5b8a872ffe5d56ae9498efd61cfa1c93edadeeb87d2a50b5fc3a469c");
    }

    @Test
    void acceptsTheEmptyKeyThatHmacAllows() {
        // Expected value from: printf 'abc' | openssl dgst -sha256 -hmac ''
        assertThat(HexFormat.of().formatHex(ReferenceHmac.sha256(new byte[0], utf8("abc"))))
                .isEqualTo("fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351");
    }
}
