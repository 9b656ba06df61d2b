package dev.payhooks.spi.signature;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a provider writes MACs into headers: hex or base64. Decoding never throws: an undecodable
 * candidate is simply a candidate that matches nothing, never an exception a sender could provoke.
 *
 * @since 0.1.0
 */
public enum SignatureEncoding {
    /**
     * Lower-case hexadecimal (Stripe, Omise, GitHub, Slack, Paddle all send lower case). Upper-case
     * digits are not accepted: the providers' own SDKs compare lower-case strings, so a candidate in
     * upper case never verifies there either.
     */
    HEX {
        @Override
        public String encode(byte[] mac) {
            return HexFormat.of().formatHex(mac);
        }

        @Override
        public Optional<byte[]> decode(CharSequence text) {
            if (text == null || text.length() == 0 || text.length() % 2 != 0) {
                return Optional.empty();
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return Optional.empty();
                }
            }
            return Optional.of(HexFormat.of().parseHex(text));
        }
    },
    /**
     * Canonical standard base64 with padding (Standard Webhooks, Shopify). The JDK decoder also
     * accepts unpadded text and ignores stray low bits in the last character; both would let one
     * MAC be written several ways, and reference libraries compare encoded strings, so only the
     * canonical spelling of a MAC is accepted.
     */
    BASE64 {
        @Override
        public String encode(byte[] mac) {
            return Base64.getEncoder().encodeToString(mac);
        }

        @Override
        public Optional<byte[]> decode(CharSequence text) {
            if (text == null || text.length() == 0 || text.length() % 4 != 0) {
                return Optional.empty();
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0x7f) {
                    return Optional.empty();
                }
            }
            // Canonical means: the decoder accepts it (alphabet, padding only at the end, in the right
            // amount) and the bits the padding leaves unused in the last significant character are
            // zero (RFC 4648 section 3.5). Checked in place instead of encoding the bytes again.
            int length = text.length();
            int padding = text.charAt(length - 1) != '=' ? 0 : text.charAt(length - 2) == '=' ? 2 : 1;
            if (padding > 0 && (sextet(text.charAt(length - 1 - padding)) & (padding == 2 ? 0x0F : 0x03)) != 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(Base64.getDecoder().decode(text.toString()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** The value of a base64 character, or -1 (which has every bit set, so never passes the check above). */
        private int sextet(char c) {
            if (c >= 'A' && c <= 'Z') {
                return c - 'A';
            }
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 26;
            }
            if (c >= '0' && c <= '9') {
                return c - '0' + 52;
            }
            return c == '+' ? 62 : c == '/' ? 63 : -1;
        }
    };

    /**
     * Encodes a MAC for a header.
     *
     * @param mac the MAC bytes
     * @return the text
     */
    public abstract String encode(byte[] mac);

    /**
     * Decodes a candidate from a header.
     *
     * @param text the candidate, possibly {@code null}
     * @return the bytes, or empty when the text is {@code null} or not valid in this encoding
     */
    public abstract Optional<byte[]> decode(CharSequence text);
}
