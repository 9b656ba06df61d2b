package dev.payhooks.spi;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a provider writes MACs into headers: hex or base64. Decoding never throws: an undecodable
 * candidate is simply a candidate that matches nothing (DESIGN section 5).
 */
public enum SignatureEncoding {
    /** Lower- or upper-case hexadecimal (Stripe, Omise, GitHub, Slack, Paddle). */
    HEX {
        @Override
        public String encode(byte[] mac) {
            return HexFormat.of().formatHex(mac);
        }

        @Override
        public Optional<byte[]> decode(CharSequence text) {
            if (text.length() == 0 || text.length() % 2 != 0) {
                return Optional.empty();
            }
            for (int i = 0; i < text.length(); i++) {
                if (!HexFormat.isHexDigit(text.charAt(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(HexFormat.of().parseHex(text));
        }
    },
    /** Standard base64 with padding (Standard Webhooks, Shopify). */
    BASE64 {
        @Override
        public String encode(byte[] mac) {
            return Base64.getEncoder().encodeToString(mac);
        }

        @Override
        public Optional<byte[]> decode(CharSequence text) {
            if (text.length() == 0) {
                return Optional.empty();
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0x7f) {
                    return Optional.empty();
                }
            }
            try {
                return Optional.of(Base64.getDecoder().decode(text.toString()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
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
     * @param text the candidate
     * @return the bytes, or empty when the text is not valid in this encoding
     */
    public abstract Optional<byte[]> decode(CharSequence text);
}
