package dev.payhooks.spi.signature;

import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HMAC vectors from RFC 4231 (HMAC-SHA-256 and HMAC-SHA-512), section 4, test cases 1, 2, 4, 6 and 7,
 * and RFC 2202 section 3 (HMAC-SHA-1) test cases 1 and 2. Source: https://www.rfc-editor.org/rfc/rfc4231#section-4
 * and https://www.rfc-editor.org/rfc/rfc2202#section-3.
 */
class HmacKeyTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void rfc4231TestCase1() {
        byte[] key = repeat(0x0b, 20);
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA256, key).mac(new byte[0], data)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA512, key).mac(new byte[0], data)))
                .isEqualTo("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    }

    @Test
    void rfc4231TestCase2SplitAcrossPrefixAndBody() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        // "what do ya want for nothing?" signed as prefix "what do ya " + body "want for nothing?":
        // the MAC covers prefix || body exactly.
        WebhookRequest request = WebhookRequest.builder().body("want for nothing?".getBytes(StandardCharsets.US_ASCII)).build();
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA256, key).mac("what do ya ".getBytes(StandardCharsets.US_ASCII), request)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void rfc4231TestCase4() {
        byte[] key = HEX.parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819");
        byte[] data = repeat(0xcd, 50);
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA256, key).mac(new byte[0], data)))
                .isEqualTo("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    }

    @Test
    void rfc4231TestCases6And7WithKeysLongerThanTheBlock() {
        byte[] key = repeat(0xaa, 131);
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA256, key)
                .mac(new byte[0], "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA256, key).mac(new byte[0], (
                "This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.").getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void rfc2202Sha1TestCases() {
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA1, repeat(0x0b, 20))
                .mac(new byte[0], "Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        assertThat(HEX.formatHex(HmacKey.of(HmacAlgorithm.SHA1, "Jefe".getBytes(StandardCharsets.US_ASCII))
                .mac(new byte[0], "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    @Test
    void matchingTriesEveryKeyAgainstEveryCandidateAndWrongLengthsAreNonMatches() {
        HmacKey oldKey = HmacKey.of(HmacAlgorithm.SHA256, "old".getBytes(StandardCharsets.UTF_8));
        HmacKey newKey = HmacKey.of(HmacAlgorithm.SHA256, "new".getBytes(StandardCharsets.UTF_8));
        WebhookRequest request = WebhookRequest.builder().body("{}".getBytes(StandardCharsets.UTF_8)).build();
        byte[] prefix = "1.".getBytes(StandardCharsets.US_ASCII);
        byte[] byNew = newKey.mac(prefix, request);

        assertThat(HmacKey.indexOfMatchingKey(List.of(oldKey, newKey), prefix, request, List.of(new byte[0], new byte[3], byNew))).isEqualTo(1);
        assertThat(HmacKey.indexOfMatchingKey(List.of(oldKey), prefix, request, List.of(byNew))).isEqualTo(-1);
        byte[] truncated = java.util.Arrays.copyOf(byNew, 31);
        byte[] extended = java.util.Arrays.copyOf(byNew, 33);
        assertThat(HmacKey.indexOfMatchingKey(List.of(newKey), prefix, request, List.of(truncated, extended))).isEqualTo(-1);
    }

    @Test
    void aFailedCallLeavesNoStateForTheNextOne() {
        HmacKey key = HmacKey.of(HmacAlgorithm.SHA256, "Jefe".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> key.mac("what do ya ".getBytes(StandardCharsets.US_ASCII), (byte[]) null))
                .isInstanceOf(NullPointerException.class);
        assertThat(HEX.formatHex(key.mac(new byte[0], "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void keysAreValidatedAndNeverPrinted() {
        assertThatThrownBy(() -> HmacKey.of(HmacAlgorithm.SHA256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(HmacKey.of(HmacAlgorithm.SHA256, "supersecret".getBytes(StandardCharsets.UTF_8)).toString()).doesNotContain("supersecret");
    }

    @Test
    void encodingsNeverThrow() {
        for (String bad : new String[] {"", "a", "zz", "0g", "é1", "12 3", "0A", "AB"}) {
            assertThat(SignatureEncoding.HEX.decode(bad)).as(bad).isEmpty();
        }
        for (String bad : new String[] {"", "abc", "a===", "é", "ab$d", "YQ", "YR==", "YWI", " YWI="}) {
            assertThat(SignatureEncoding.BASE64.decode(bad)).as(bad).isEmpty();
        }
        assertThat(SignatureEncoding.HEX.decode("0aff")).hasValueSatisfying(b -> assertThat(b).containsExactly(0x0a, 0xff));
        assertThat(SignatureEncoding.BASE64.decode("YWI=")).hasValueSatisfying(b -> assertThat(b).containsExactly('a', 'b'));
    }
}
