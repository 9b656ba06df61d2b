/**
 * The toolkit signature verifiers are built from: {@link dev.payhooks.spi.HmacKey} (HMAC over a
 * prefix and the raw body, constant-time comparison), {@link dev.payhooks.spi.Timestamps} (strict
 * parsing of Unix-seconds timestamps), {@link dev.payhooks.spi.Tolerance} (both-direction replay
 * window) and {@link dev.payhooks.spi.SignatureEncoding} (hex and base64 that never throw).
 *
 * <p>Every provider module uses these, so the security rules of DESIGN section 5 are implemented
 * (and tested) once. Use them to write a verifier for a provider payhooks does not cover.
 */
package dev.payhooks.spi;
