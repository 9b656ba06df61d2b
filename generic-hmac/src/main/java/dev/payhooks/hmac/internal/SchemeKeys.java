package dev.payhooks.hmac.internal;

import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.spi.signature.HmacKey;

import java.util.Base64;

/**
 * Turns a secret, as the provider shows it, into a verification key for a scheme: an
 * {@link HmacKey}, or for schemes with Ed25519 entries a {@code whpk_} public key as a
 * {@link java.security.PublicKey} (Standard Webhooks, "Signature scheme").
 */
public final class SchemeKeys {

    private SchemeKeys() {
    }

    /**
     * Decodes one secret.
     *
     * @param scheme the scheme
     * @param secret the secret
     * @return an {@link HmacKey} or a {@link java.security.PublicKey}
     * @throws IllegalArgumentException when unusable; the message never contains the secret
     */
    public static Object decode(HmacScheme scheme, String secret) {
        if (secret.startsWith(HmacScheme.WHSK_PREFIX)) {
            throw new IllegalArgumentException("a whsk_ value is an Ed25519 private key; a receiver needs the matching"
                    + " whpk_ public key (never configure the private key on the receiving side)");
        }
        if (scheme.ed25519SchemePrefix().isPresent() && secret.startsWith(HmacScheme.WHPK_PREFIX)) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(secret.substring(HmacScheme.WHPK_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the whpk_ public key is not valid base64; copy it exactly as shown");
            }
            if (raw.length != Ed25519.KEY_LENGTH) {
                throw new IllegalArgumentException("a whpk_ public key decodes to " + Ed25519.KEY_LENGTH + " bytes, this one to "
                        + raw.length + "; copy it exactly as shown");
            }
            return Ed25519.publicKey(raw).orElseThrow(() -> new IllegalArgumentException(
                    "the whpk_ public key is not a valid Ed25519 key; copy it exactly as shown"));
        }
        return hmacKey(scheme, secret);
    }

    /**
     * Decodes an HMAC secret.
     *
     * @param scheme the scheme
     * @param secret the secret
     * @return the key
     * @throws IllegalArgumentException when unusable; the message never contains the secret
     */
    public static HmacKey hmacKey(HmacScheme scheme, String secret) {
        byte[] bytes = scheme.keyDecoding().decode(secret);
        if (bytes.length < scheme.minKeyBytes() || bytes.length > scheme.maxKeyBytes()) {
            throw new IllegalArgumentException("the secret decodes to " + bytes.length + " bytes; this scheme accepts "
                    + scheme.minKeyBytes() + " to " + scheme.maxKeyBytes() + " bytes (is it the complete secret, with its prefix?)");
        }
        return HmacKey.of(scheme.algorithm(), bytes);
    }
}
