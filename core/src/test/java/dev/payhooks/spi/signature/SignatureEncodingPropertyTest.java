package dev.payhooks.spi.signature;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignatureEncoding#BASE64} proves a candidate canonical without encoding it again; this
 * seeded property test holds it to the definition it replaced (decodes, and encodes back to the
 * same text) on random texts, most of them near-canonical, and checks that every MAC's canonical
 * spelling round-trips in both encodings.
 */
class SignatureEncodingPropertyTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @Test
    void base64AcceptsExactlyTheCanonicalSpelling() {
        Random random = new Random(4648);
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            String text = candidate(random);
            Optional<byte[]> decoded = SignatureEncoding.BASE64.decode(text);
            Optional<byte[]> reference = reference(text);
            assertThat(decoded.isPresent()).as(text).isEqualTo(reference.isPresent());
            decoded.ifPresent(bytes -> assertThat(bytes).as(text).isEqualTo(reference.get()));
            accepted += decoded.isPresent() ? 1 : 0;
        }
        assertThat(accepted).as("many candidates are canonical").isGreaterThan(20_000);
    }

    @Test
    void everyMacRoundTripsInBothEncodings() {
        Random random = new Random(1);
        for (int round = 0; round < 10_000; round++) {
            byte[] mac = new byte[1 + random.nextInt(64)];
            random.nextBytes(mac);
            assertThat(SignatureEncoding.BASE64.decode(SignatureEncoding.BASE64.encode(mac))).hasValueSatisfying(b -> assertThat(b).isEqualTo(mac));
            assertThat(SignatureEncoding.HEX.decode(SignatureEncoding.HEX.encode(mac))).hasValueSatisfying(b -> assertThat(b).isEqualTo(mac));
            String upper = HexFormat.of().withUpperCase().formatHex(mac);
            assertThat(SignatureEncoding.HEX.decode(upper).isPresent()).as("upper case is never accepted")
                    .isEqualTo(upper.equals(SignatureEncoding.HEX.encode(mac)));
        }
    }

    /** The rule as first written: the JDK decoder accepts it and encoding the bytes gives it back. */
    private static Optional<byte[]> reference(String text) {
        if (text.isEmpty() || text.length() % 4 != 0 || text.chars().anyMatch(c -> c > 0x7f)) {
            return Optional.empty();
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(decoded).equals(text) ? Optional.of(decoded) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Canonical encodings of random MACs, then perhaps one character changed, added or removed. */
    private static String candidate(Random random) {
        byte[] mac = new byte[random.nextInt(8)];
        random.nextBytes(mac);
        StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(mac));
        String extra = ALPHABET + "==-_ \n\u00e9";
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> {
                if (text.length() > 0) {
                    text.setCharAt(random.nextInt(text.length()), extra.charAt(random.nextInt(extra.length())));
                }
            }
            case 2 -> text.insert(random.nextInt(text.length() + 1), extra.charAt(random.nextInt(extra.length())));
            case 3 -> {
                if (text.length() > 0) {
                    text.deleteCharAt(random.nextInt(text.length()));
                }
            }
            default -> {
                // Change the last significant character: often only its unused low bits.
                int last = text.indexOf("=") > 0 ? text.indexOf("=") - 1 : text.length() - 1;
                if (last >= 0) {
                    text.setCharAt(last, ALPHABET.charAt(random.nextInt(64)));
                }
            }
        }
        return text.toString();
    }
}
