package dev.payhooks.hmac.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * Ed25519 (RFC 8032) with the JDK's own EdDSA provider (Java 15+), from raw 32-byte keys.
 *
 * <p>Raw keys are wrapped in the fixed DER prefixes of RFC 8410 (SubjectPublicKeyInfo and
 * PKCS #8 with OID 1.3.101.112) rather than converted to {@code EdECPoint}s by hand: the JDK
 * then does all point decoding itself. Verification never throws: a key or signature of the wrong
 * length, a key that is not a curve point, or a signature the provider refuses is a non-match.
 */
public final class Ed25519 {

    /** Length of a raw public key, a private key seed, in bytes. */
    public static final int KEY_LENGTH = 32;

    /** Length of a signature in bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    // RFC 8410 section 4: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes) }.
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    // RFC 8410 section 7: SEQUENCE { INTEGER 0, SEQUENCE { OID }, OCTET STRING { OCTET STRING (32) } }.
    private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
            0x04, 0x22, 0x04, 0x20};

    private Ed25519() {
    }

    /**
     * A public key from its raw RFC 8032 encoding.
     *
     * @param raw the 32-byte key
     * @return the key, or empty when the bytes are not a usable Ed25519 public key
     */
    public static Optional<PublicKey> publicKey(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw))));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A private key from its raw 32-byte seed (RFC 8032 section 5.1.5).
     *
     * @param seed the 32-byte private key
     * @return the key
     * @throws IllegalArgumentException when the seed does not have 32 bytes
     */
    public static PrivateKey privateKey(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key has " + KEY_LENGTH + " bytes, this one has " + seed.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 provider (Java 15 or newer has one)", e);
        }
    }

    /**
     * Signs {@code prefix || body}.
     *
     * @param key the private key
     * @param prefix the signed bytes before the body
     * @param body the body
     * @return the 64-byte signature
     */
    public static byte[] sign(PrivateKey key, byte[] prefix, byte[] body) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(prefix);
            signature.update(body);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether {@code candidate} is a valid signature of {@code prefix || body} under {@code key},
     * reading the body from a buffer (a request's read-only view, so the body is not copied).
     *
     * @param key the public key
     * @param prefix the signed bytes before the body
     * @param body the body; read from its position, which is left unchanged
     * @param candidate the candidate signature from the request
     * @return {@code true} only for a valid signature; never throws for bad input
     */
    public static boolean verify(PublicKey key, byte[] prefix, ByteBuffer body, byte[] candidate) {
        if (candidate.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(prefix);
            signature.update(body.duplicate());
            return signature.verify(candidate);
        } catch (GeneralSecurityException | RuntimeException e) {
            // The provider throws SignatureException for some malformed signatures (for example
            // a scalar out of range); that is a forgery, not an error.
            return false;
        }
    }

    /**
     * Whether {@code candidate} is a valid signature of {@code prefix || body} under {@code key}.
     *
     * @param key the public key
     * @param prefix the signed bytes before the body
     * @param body the body
     * @param candidate the candidate signature from the request
     * @return {@code true} only for a valid signature; never throws for bad input
     */
    public static boolean verify(PublicKey key, byte[] prefix, byte[] body, byte[] candidate) {
        return verify(key, prefix, ByteBuffer.wrap(body), candidate);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
