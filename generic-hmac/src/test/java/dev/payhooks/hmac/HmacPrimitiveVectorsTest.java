package dev.payhooks.hmac;

import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.signature.HmacAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The HMAC primitive under every algorithm a scheme can choose, through a scheme that signs the
 * bare body with a binary key (base64 key decoding, hex signatures).
 *
 * <p>Source: RFC 4231 section 4 (HMAC-SHA-256/512 test cases 1, 2, 3, 6;
 * https://www.rfc-editor.org/rfc/rfc4231#section-4) and RFC 2202 section 3 (HMAC-SHA-1 test cases
 * 1, 2; https://www.rfc-editor.org/rfc/rfc2202#section-3). Each expected value was also
 * recomputed with {@code openssl dgst -<alg> -mac HMAC -macopt hexkey:<key>}.
 */
class HmacPrimitiveVectorsTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    static Stream<Arguments> vectors() {
        String key0b = "0b".repeat(20);
        String keyAa20 = "aa".repeat(20);
        String keyAa131 = "aa".repeat(131);
        String jefe = HexFormat.of().formatHex(Requests.utf8("Jefe"));
        return Stream.of(
                // RFC 4231 test case 1
                Arguments.of(HmacAlgorithm.SHA256, key0b, hex("Hi There"),
                        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                Arguments.of(HmacAlgorithm.SHA512, key0b, hex("Hi There"),
                        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
                // RFC 4231 test case 2
                Arguments.of(HmacAlgorithm.SHA256, jefe, hex("what do ya want for nothing?"),
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                Arguments.of(HmacAlgorithm.SHA512, jefe, hex("what do ya want for nothing?"),
                        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
                // RFC 4231 test case 3
                Arguments.of(HmacAlgorithm.SHA256, keyAa20, "dd".repeat(50),
                        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
                // RFC 4231 test case 6 (key longer than the block size)
                Arguments.of(HmacAlgorithm.SHA256, keyAa131, hex("Test Using Larger Than Block-Size Key - Hash Key First"),
                        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                // RFC 2202 test cases 1 and 2
                Arguments.of(HmacAlgorithm.SHA1, key0b, hex("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"),
                Arguments.of(HmacAlgorithm.SHA1, jefe, hex("what do ya want for nothing?"),
                        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    }

    @ParameterizedTest(name = "{0} key={1}")
    @MethodSource("vectors")
    void signsAndVerifiesThePublishedMac(HmacAlgorithm algorithm, String keyHex, String dataHex, String expectedHex) {
        String secret = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(keyHex));
        byte[] body = HexFormat.of().parseHex(dataHex);
        HmacWebhooks scheme = HmacWebhooks.define("rfc").scheme(HmacScheme.builder().algorithm(algorithm).signatureHeader("X-Mac")
                .keyDecoding(KeyDecoding.BASE64).signedContent("{body}").build()).build();

        assertThat(scheme.signer(secret).headers(body, NOW, "").values().stream().reduce((first, last) -> last).orElseThrow()).isEqualTo(expectedHex);

        SignatureVerifier verifier = scheme.source(SecretResolver.of(secret)).verifier();
        assertThatCode(() -> verifier.verify(Requests.request(body, Map.of("X-Mac", expectedHex)), NOW))
                .doesNotThrowAnyException();
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Requests.utf8(text));
    }
}
