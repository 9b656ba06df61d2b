package dev.payhooks.stripe;

import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.stripe.internal.SignatureHeader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Stripe-Signature} is parsed in place (hex decoded from index ranges, no substrings); this
 * seeded property test holds the candidates it keeps to {@link SignatureEncoding#HEX} applied to
 * each {@code v1} value cut out of the header, on headers with valid, upper-case, odd-length, empty
 * and foreign-character values, several {@code v1} entries and other schemes.
 */
class SignatureHeaderCandidatesTest {

    @Test
    void candidatesAreExactlyTheHexDecodableV1Values() {
        Random random = new Random(1337);
        String digits = "0123456789abcdefABCDEFgx\u00e9";
        String[] keys = {"v1", "v1", "v1", "v0", "V1", "v2", "v11"};
        for (int round = 0; round < 50_000; round++) {
            StringBuilder header = new StringBuilder("t=1700000000");
            List<byte[]> expected = new ArrayList<>();
            int v1Entries = 0;
            int entries = 1 + random.nextInt(4);
            for (int e = 0; e < entries; e++) {
                String key = keys[random.nextInt(keys.length)];
                StringBuilder value = new StringBuilder();
                int length = random.nextInt(4) == 0 ? random.nextInt(5) : 64;
                for (int i = 0; i < length; i++) {
                    value.append(random.nextInt(20) == 0 ? digits.charAt(random.nextInt(digits.length()))
                            : digits.charAt(random.nextInt(16)));
                }
                header.append(',').append(key).append('=').append(value);
                if (key.equals("v1")) {
                    v1Entries++;
                    SignatureEncoding.HEX.decode(value).ifPresent(expected::add);
                }
            }
            if (v1Entries == 0) {
                continue;
            }
            SignatureHeader parsed = SignatureHeader.parse(header.toString());
            assertThat(parsed.v1Entries()).isEqualTo(v1Entries);
            assertThat(parsed.candidates()).as(header.toString()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(parsed.candidates().get(i)).isEqualTo(expected.get(i));
            }
            assertThat(parsed.signedPrefix()).containsExactly("1700000000.".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
