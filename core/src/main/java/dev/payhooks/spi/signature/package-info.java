/**
 * The toolkit signature verifiers are built from: {@link dev.payhooks.spi.signature.HmacKey}
 * (HMAC over a prefix and the raw body, constant-time comparison),
 * {@link dev.payhooks.spi.signature.Timestamps} (strict parsing of Unix-seconds timestamps),
 * {@link dev.payhooks.spi.signature.SignatureHeaders} (bounded parsing of signature headers) and
 * {@link dev.payhooks.spi.signature.SignatureEncoding} (hex and base64 decoding that never throws).
 *
 * <p>Every provider module uses these, so the rules that keep verification safe (MACs over bytes,
 * never strings; constant-time comparison; ASCII-digit timestamps checked in both directions;
 * bounded headers; one exception type with a reason code) are implemented and tested once. Use
 * them to write a verifier for a provider payhooks does not cover. The null policy is the
 * library's: see {@link dev.payhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.spi.signature;
